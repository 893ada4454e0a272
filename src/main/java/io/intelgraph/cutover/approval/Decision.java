package io.intelgraph.cutover.approval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A person's decision on a gate check that stayed inconclusive ({@code escalation.decide:
 * approval}): what {@code decide} signs and the waiting run verifies.
 *
 * <pre>{@code
 * new Decision("v1.0.0-GA", "20261207T061500Z-3f2a", "ramp", 3, List.of("api_p95"),
 *     Decision.Choice.GO, "platform-lead", "alice", now)
 * }</pre>
 *
 * @param release the release tag decided on
 * @param attemptId the ledger's attempt the check belongs to: a decision never carries over to
 *     another attempt
 * @param phase the phase tag of the check, e.g. {@code ramp}
 * @param check the check's number within the phase
 * @param gates the gates decided, each of which must be one the check waits on
 * @param role the role deciding, one of {@code escalation.roles}
 * @param decidedBy who signed, in words
 * @param signedAt when
 */
public record Decision(
    String release,
    String attemptId,
    String phase,
    int check,
    List<String> gates,
    Choice choice,
    String role,
    String decidedBy,
    Instant signedAt) {

  /** GO: continue; ROLLBACK: RED now. */
  public enum Choice {
    GO,
    ROLLBACK
  }

  public Decision {
    require("release", release);
    require("attempt_id", attemptId);
    require("phase", phase);
    require("role", role);
    require("decided_by", decidedBy);
    Objects.requireNonNull(choice, "decision");
    Objects.requireNonNull(signedAt, "signed_at");
    gates = gates == null ? List.of() : List.copyOf(gates);
    if (gates.isEmpty() || gates.stream().anyMatch(g -> g == null || g.isBlank())) {
      throw new IllegalArgumentException(
          "a decision names the gates it decides, e.g. --gate api_p95; got " + gates);
    }
    if (check < 1) {
      throw new IllegalArgumentException(
          "a decision names the check it decides, counting from 1; got " + check);
    }
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank())
      throw new IllegalArgumentException("a decision needs " + name);
  }

  /**
   * One line for a log or report: {@code GO on ramp check #3 (api_p95) of v1.0.0-GA attempt ... by
   * alice (platform-lead) at ...}.
   */
  public String describe() {
    return "%s on %s check #%d (%s) of %s attempt %s by %s (%s) at %s"
        .formatted(
            choice,
            phase,
            check,
            String.join(", ", gates),
            release,
            attemptId,
            decidedBy,
            role,
            signedAt);
  }
}
