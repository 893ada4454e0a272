package io.intelgraph.cutover.junit;

/**
 * A phase that may not run on this attempt (a prerequisite is missing, or the attempt was rolled
 * back): it fails the phase's class before any check, so the build fails with the reason instead of
 * counting the phase as skipped. The message names the missing phase and the command that fixes it.
 *
 * <pre>{@code
 * refused: the ramp phase needs a canary phase that passed, and attempt 20261127T150000Z-a1b2c3 has none in the ledger;
 * run it first: mvn verify -Pcutover -Dcutover.env=prod -Dgroups=canary
 * }</pre>
 */
public class PhaseRefusedException extends AssertionError {
  private static final long serialVersionUID = 1L;

  PhaseRefusedException(String reason) {
    super(reason);
  }
}
