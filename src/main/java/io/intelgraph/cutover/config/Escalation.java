package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who decides a gate that escalates to RED only because its outcome stayed inconclusive (ERROR,
 * LOW_SAMPLE, NO_DATA, STALE for two consecutive checks, or past {@code cadence.escalation_after}):
 * the clock, as the verdict rules always did, or a person with a signed decision.
 *
 * <pre>{@code
 * escalation:
 *   decide: approval            # clock (default): RED at once; approval: wait for a signed GO or ROLLBACK
 *   decision_timeout: 10m       # how long the check waits; nobody decided in time = RED
 *   roles: [platform-lead]      # who may decide: closeout.approvals.roles whose public key verifies it
 * }</pre>
 *
 * <p>A BREACH never waits for anyone: it is evidence of harm, and the rules stay RED.
 *
 * @param decide who decides an inconclusive RED
 * @param decisionTimeout how long a check waits for a decision, at most {@link #MAX_TIMEOUT}: the
 *     canary serves production traffic while it waits
 * @param roles the roles whose signed decision counts, each one of {@code closeout.approvals.roles}
 */
public record Escalation(Decide decide, Duration decisionTimeout, List<String> roles) {

  /** The longest a check may wait for a person: a wait is a canary left unjudged. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** Who decides. */
  public enum Decide {
    /** RED at once, as the verdict rules say. */
    CLOCK,
    /** Wait, bounded, for a signed GO or ROLLBACK by one of {@code roles}. */
    APPROVAL
  }

  public Escalation {
    Objects.requireNonNull(decide, "decide");
    Objects.requireNonNull(decisionTimeout, "decision_timeout");
    roles = roles == null ? List.of() : List.copyOf(roles);
    if (decisionTimeout.isZero()
        || decisionTimeout.isNegative()
        || decisionTimeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "decision_timeout must be positive and at most 1h (a waiting canary is unjudged), e.g. 10m; got %s"
              .formatted(decisionTimeout));
    }
    if (decide == Decide.APPROVAL && roles.isEmpty()) {
      throw new IllegalArgumentException(
          "decide: approval needs the roles allowed to decide, e.g. roles: [platform-lead]"
              + " (each one of closeout.approvals.roles)");
    }
  }

  /** True when a person decides an inconclusive RED. */
  public boolean byApproval() {
    return decide == Decide.APPROVAL;
  }
}
