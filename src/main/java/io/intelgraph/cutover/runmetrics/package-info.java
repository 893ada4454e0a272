/**
 * The run's own facts as metrics: phase results, every gate's outcome and value per check, the
 * release verdict, rollbacks and the attempt, rendered from the ledger as OpenMetrics text (sealed
 * in the evidence) and pushed to a Prometheus Pushgateway ({@code metrics.pushgateway}), so what a
 * team already watches shows how often cutovers go RED and how long rollbacks take. May import
 * {@code config}, {@code gate}, {@code ledger}, {@code rollback} (it observes the rollback) and
 * {@code support}.
 */
package io.intelgraph.cutover.runmetrics;
