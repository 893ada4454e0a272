package io.intelgraph.cutover.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the run publishes its own facts as metrics (phase results, gate outcomes, the release
 * verdict, rollbacks): a Prometheus Pushgateway, pushed after every phase and after a rollback.
 *
 * <pre>{@code
 * metrics:
 *   pushgateway: https://pushgateway.monitoring.example:9091
 *   timeout: 5s
 * }</pre>
 *
 * @param pushgateway the Pushgateway's base URL (its API lives under {@code /metrics}); absent,
 *     nothing is pushed and the evidence says so
 * @param timeout bound on connecting and on the whole push: a slow Pushgateway never holds up a
 *     phase or a rollback for longer
 */
public record RunMetricsSpec(Optional<URI> pushgateway, Duration timeout) {

  public RunMetricsSpec {
    pushgateway = pushgateway == null ? Optional.empty() : pushgateway;
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "metrics.timeout must be positive, e.g. 5s, got " + timeout);
    }
    pushgateway.ifPresent(
        url -> {
          // the URL is written into the ledger and the evidence: never a credential in it
          if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                "metrics.pushgateway carries credentials in the URL; give the Pushgateway's plain"
                    + " base URL, e.g. https://pushgateway.monitoring.example:9091");
          }
          if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException(
                "metrics.pushgateway %s://%s%s has a query or fragment; give the base URL, the push path /metrics/job/... is added"
                    .formatted(url.getScheme(), url.getRawAuthority(), url.getRawPath()));
          }
        });
  }
}
