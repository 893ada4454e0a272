/**
 * The PromQL client: instant and range queries and alerting rules over Prometheus's HTTP API
 * (https://prometheus.io/docs/prometheus/latest/querying/api/), parsed strictly into typed results;
 * an error, a malformed answer or no answer is a {@link
 * io.intelgraph.cutover.prometheus.PromQlException}, never an empty result. {@link
 * io.intelgraph.cutover.prometheus.PromQlClient#forEnvironment} is the one way to the environment's
 * Prometheus (credentials, TLS, headers, path prefix). May import {@code config} and {@code
 * support}.
 */
package io.intelgraph.cutover.prometheus;
