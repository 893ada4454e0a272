/**
 * The composition root and the phase policy, shared by the run of show ({@code junit}) and the
 * command line ({@code cli}): {@link io.intelgraph.cutover.session.CutoverWiring} builds the
 * Kubernetes client, the ledger store and the rollback from an environment and closes what it owns
 * newest first; {@link io.intelgraph.cutover.session.PhaseTable} says which phase builds on which,
 * {@link io.intelgraph.cutover.session.HaltRule} what a canary left short of the lock means. Judged
 * from the ledger alone, never from JUnit: {@code junit} imports this package, never the reverse.
 */
package io.intelgraph.cutover.session;
