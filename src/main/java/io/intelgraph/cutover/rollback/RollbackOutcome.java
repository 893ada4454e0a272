package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.util.Objects;

/**
 * What {@link Rollback#trigger} led to: this runner executed the plan, or found it already claimed.
 *
 * @param executedHere true only for the one runner whose claim won
 */
public record RollbackOutcome(boolean executedHere, RollbackRecord record) {
  public RollbackOutcome {
    Objects.requireNonNull(record, "record");
  }

  /**
   * True if the rollback this attempt has is DONE (a dry run counts: it recorded the plan);
   * DONE_UNHEALTHY is not: the traffic is back, but stable does not serve.
   */
  public boolean succeeded() {
    return record.state() == RollbackRecord.State.DONE;
  }

  /** A report for people: state, every action's result and the verification. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (!executedHere) {
      text.append("not run again: this attempt's ")
          .append(record.summary())
          .append(", claimed by ")
          .append(record.claim());
    } else {
      text.append(record.summary());
    }
    for (ActionResult action : record.actions()) {
      text.append(System.lineSeparator()).append("  - ").append(action);
    }
    record
        .verification()
        .ifPresent(
            v -> {
              text.append(System.lineSeparator())
                  .append("  verification ")
                  .append(v.passed() ? "passed" : "FAILED");
              v.checks()
                  .forEach(line -> text.append(System.lineSeparator()).append("    ").append(line));
            });
    record
        .recovery()
        .ifPresent(
            r -> {
              text.append(System.lineSeparator())
                  .append(r.healthy() ? "  " : "  *** ")
                  .append(
                      r.healthy()
                          ? "stable healthy after %d s".formatted(r.after().toSeconds())
                          : "STABLE STILL UNHEALTHY %d s after the switch: the rollback is DONE_UNHEALTHY"
                              .formatted(r.after().toSeconds()));
              r.held()
                  .forEach(
                      line ->
                          text.append(System.lineSeparator()).append("    held: ").append(line));
              r.stillWrong()
                  .forEach(
                      line ->
                          text.append(System.lineSeparator())
                              .append("    still wrong: ")
                              .append(line));
              r.paged()
                  .ifPresent(
                      p -> text.append(System.lineSeparator()).append("    paged: ").append(p));
            });
    return text.toString();
  }
}
