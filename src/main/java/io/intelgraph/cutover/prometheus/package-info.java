/**
 * The PromQL client: instant and range queries and alerting rules over Prometheus's HTTP API
 * (https://prometheus.io/docs/prometheus/latest/querying/api/), parsed strictly into typed results;
 * an error, a malformed answer or no answer is a {@link io.intelgraph.cutover.prometheus.PromQlException},
 * never an empty result. May import {@code support} only.
 */
package io.intelgraph.cutover.prometheus;
