/**
 * The golden transactions, the journeys a real user makes: OIDC login (client credentials or the
 * browser flow), entity write, the 3-hop graph query and the subscription over {@code
 * graphql-transport-ws}, their latency sampling and the security goldens (expired and forged
 * tokens, tenant isolation). Sends HTTP through {@link io.intelgraph.cutover.golden.GoldenHttp} and
 * registers every token, code and cookie it obtains with the run's secret registry. May import
 * {@code config}, {@code secrets} and {@code support}; never evidence, the ledger or JUnit.
 */
package io.intelgraph.cutover.golden;
