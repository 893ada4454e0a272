/**
 * The rollback plan and its actions (ingress and HTTPRoute weights, scaling the canary to zero, a
 * script, a webhook), run at most once per release attempt across JVMs and runners: a claim and a
 * lease in the ledger, a heartbeat while it runs, a takeover when its runner died, and a
 * verification afterwards. May import {@code config}, {@code cluster}, {@code ledger} and {@code
 * support}.
 */
package io.intelgraph.cutover.rollback;
