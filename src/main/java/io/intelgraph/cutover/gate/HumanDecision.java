package io.intelgraph.cutover.gate;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's verified decision on a gate check that is RED only because it stayed inconclusive
 * ({@link VerdictRules#inconclusiveRed}): GO keeps the cutover going, ROLLBACK makes it RED now.
 *
 * @param decidedBy who signed, in words
 * @param role the role they decided as, whose public key verified the signature
 * @param signedAt when they signed
 * @param statement the signed statement it was verified from (a compact JWS), for the evidence
 */
public record HumanDecision(
    Choice choice, String decidedBy, String role, Instant signedAt, String statement) {

  /** What a person can decide. */
  public enum Choice {
    /** Continue: the check is recorded as decided GO, not RED. */
    GO,
    /** Roll back now: the check is RED. */
    ROLLBACK
  }

  public HumanDecision {
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(decidedBy, "decided by");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(signedAt, "signed at");
    Objects.requireNonNull(statement, "statement");
  }

  /** {@code GO by alice (platform-lead) at 2026-12-07T06:40:00Z}. */
  public String describe() {
    return "%s by %s (%s) at %s".formatted(choice, decidedBy, role, signedAt);
  }
}
