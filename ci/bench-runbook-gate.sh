#!/bin/bash
# ---------------------------------------------------------------------------------------------
# The runbook's "Automated Gate Validation Script" (../shared/seed/run-of-show.md), copied
# verbatim for ci/bench, which runs it against the embedded sandbox's Prometheus next to the
# suite's own gates. The ONLY change: every `http://prometheus:9090` became
# `${PROMETHEUS_URL:-http://prometheus:9090}`, because the sandbox's Prometheus listens on an
# ephemeral loopback port; with PROMETHEUS_URL unset the script is byte-for-byte the runbook's.
# Everything else (queries, label names, quoting, the `// "0"` defaults, bc thresholds, no curl
# timeout) is deliberately left as written: this file is the baseline being measured, not fixed.
# ---------------------------------------------------------------------------------------------
# Run every 15 minutes for first hour

echo "🔍 $(date): Running gate check..."

# 5xx Error Rate Check
ERROR_RATE=$(curl -s "${PROMETHEUS_URL:-http://prometheus:9090}/api/v1/query?query=rate(http_requests_total{status=~'5..'}[5m])" | jq -r '.data.result[0].value[1] // "0"')
ERROR_PERCENT=$(echo "$ERROR_RATE * 100" | bc -l)

# API Latency Check
LATENCY_P95=$(curl -s "${PROMETHEUS_URL:-http://prometheus:9090}/api/v1/query?query=histogram_quantile(0.95,rate(http_request_duration_seconds_bucket[5m]))" | jq -r '.data.result[0].value[1]')
LATENCY_MS=$(echo "$LATENCY_P95 * 1000" | bc -l)

# Auth Error Rate
AUTH_ERROR_RATE=$(curl -s "${PROMETHEUS_URL:-http://prometheus:9090}/api/v1/query?query=rate(http_requests_total{status='401'}[5m])" | jq -r '.data.result[0].value[1] // "0"')
AUTH_ERROR_PERCENT=$(echo "$AUTH_ERROR_RATE * 100" | bc -l)

# Kafka & DLQ Health
KAFKA_LAG=$(curl -s "${PROMETHEUS_URL:-http://prometheus:9090}/api/v1/query?query=kafka_consumer_lag_sum" | jq -r '.data.result[0].value[1] // "0"')
DLQ_RATE=$(curl -s "${PROMETHEUS_URL:-http://prometheus:9090}/api/v1/query?query=rate(kafka_topic_partition_current_offset{topic=~'dlq-.*'}[5m])" | jq -r '.data.result[0].value[1] // "0"')

echo "📊 GATE CHECK RESULTS:"
echo "  5xx Rate: ${ERROR_PERCENT}% (Gate: ≤ 1%)"
echo "  API P95: ${LATENCY_MS}ms (Gate: ≤ 350ms)"
echo "  Auth Errors: ${AUTH_ERROR_PERCENT}% (Gate: ≤ 0.5%)"
echo "  Kafka Lag: ${KAFKA_LAG} msgs (Gate: stable)"
echo "  DLQ Rate: ${DLQ_RATE} msgs/sec (Gate: < 0.1%)"

# Gate Logic
if (( $(echo "$ERROR_RATE > 0.01" | bc -l) )); then
  echo "🚨 RED: 5xx error rate exceeded - EXECUTE ROLLBACK"
  exit 1
fi

if (( $(echo "$LATENCY_P95 > 0.35" | bc -l) )); then
  echo "🚨 RED: API latency exceeded - EXECUTE ROLLBACK"
  exit 1
fi

if (( $(echo "$AUTH_ERROR_RATE > 0.005" | bc -l) )); then
  echo "🚨 RED: Auth error rate exceeded - EXECUTE ROLLBACK"
  exit 1
fi

echo "✅ GREEN: All gates passed"
