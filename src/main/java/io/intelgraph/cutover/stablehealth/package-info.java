/**
 * The proof that the stable track serves after a rollback: its critical gates, 5xx ratio and p95
 * GREEN on traffic after the switch, and an API golden passing against it ({@link
 * io.intelgraph.cutover.stablehealth.StableHealth}); and the cutover's rollback plan with that
 * proof plugged in, built in one place for the run of show and the {@code rollback} command. May
 * import {@code config}, {@code gate}, {@code golden}, {@code ledger}, {@code rollback} and {@code
 * waiting}.
 */
package io.intelgraph.cutover.stablehealth;
