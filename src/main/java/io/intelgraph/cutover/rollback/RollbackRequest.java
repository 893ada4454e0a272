package io.intelgraph.cutover.rollback;

import java.util.Objects;

/**
 * Why and for what the rollback runs; handed to every action (the script sees it as {@code
 * CUTOVER_ROLLBACK_*} variables, the webhook as its JSON body).
 *
 * @param idempotencyKey the same for every run of this attempt's rollback (a takeover, a retry by
 *     hand), so a receiver that already acted on it can recognise the repeat
 */
public record RollbackRequest(
    String environment,
    String releaseTag,
    String attemptId,
    String reason,
    String triggeredBy,
    boolean dryRun,
    String idempotencyKey) {
  public RollbackRequest {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(releaseTag, "release tag");
    Objects.requireNonNull(attemptId, "attempt id");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(triggeredBy, "triggered by");
    if (idempotencyKey == null || idempotencyKey.isBlank())
      throw new IllegalArgumentException("a rollback request needs its idempotency key");
  }
}
