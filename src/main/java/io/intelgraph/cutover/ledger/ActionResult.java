package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * What one rollback action did (or, in a dry run, would have done).
 *
 * @param action the action's short name, e.g. {@code traffic}
 * @param description what it does, in words, e.g. {@code ingress ns/web: stable 100, canary 0}
 * @param detail what happened: the result, the failure reason, or why it was skipped
 */
public record ActionResult(
    String action,
    String description,
    Status status,
    String detail,
    Instant started,
    Instant finished) {

  /**
   * {@code DRY_RUN}: recorded, not executed; {@code SKIPPED}: not run because an earlier action
   * failed.
   */
  public enum Status {
    DONE,
    FAILED,
    SKIPPED,
    DRY_RUN
  }

  public ActionResult {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
  }

  @Override
  public String toString() {
    return "%s %s (%s): %s".formatted(action, status, description, detail);
  }
}
