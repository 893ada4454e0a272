package io.intelgraph.cutover.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the stable track served healthily after the rollback moved the traffic back, judged on
 * traffic after the switch: its critical gates, its 5xx ratio and p95 GREEN, and an API golden
 * passing against it ({@code rollback.recovery_gates}, {@code rollback.recovery_timeout}).
 *
 * <pre>{@code
 * recovery.describe();  // "stable healthy after 9 s (switch 2026-11-27T14:00:03Z): error_ratio_5xx GREEN 0.00 % <= 1 %; ..."
 * }</pre>
 *
 * @param healthy every judged gate GREEN and the golden passed, within the timeout
 * @param switchedAt when the traffic moved back to stable (the traffic actions finished)
 * @param judgedAt when the last judgement was made: the first healthy one, or the one at the
 *     timeout
 * @param timeout how long the proof could wait ({@code rollback.recovery_timeout})
 * @param held what held at the last judgement (gates with their values, the golden)
 * @param stillWrong what did not hold at the last judgement: gate, outcome, value, threshold; the
 *     golden's failure. Empty when healthy
 * @param paged who was told that stable is still unhealthy (the rollback webhook's answer), when
 *     unhealthy
 */
public record StableRecovery(
    boolean healthy,
    Instant switchedAt,
    Instant judgedAt,
    Duration timeout,
    List<String> held,
    List<String> stillWrong,
    Optional<String> paged) {

  public StableRecovery {
    Objects.requireNonNull(switchedAt, "switched at");
    Objects.requireNonNull(judgedAt, "judged at");
    Objects.requireNonNull(timeout, "timeout");
    held = held == null ? List.of() : List.copyOf(held);
    stillWrong = stillWrong == null ? List.of() : List.copyOf(stillWrong);
    paged = paged == null ? Optional.empty() : paged;
    if (healthy != stillWrong.isEmpty()) {
      throw new IllegalArgumentException(
          "a stable recovery says what is still wrong exactly when it is unhealthy: healthy=%s, still wrong=%s"
              .formatted(healthy, stillWrong));
    }
  }

  /** Stable proven healthy at {@code judgedAt}. */
  public static StableRecovery healthy(
      Instant switchedAt, Instant judgedAt, Duration timeout, List<String> held) {
    return new StableRecovery(
        true, switchedAt, judgedAt, timeout, held, List.of(), Optional.empty());
  }

  /**
   * Stable not proven healthy within {@code timeout}: {@code stillWrong} is the last judgement's
   * problems.
   */
  public static StableRecovery unhealthy(
      Instant switchedAt,
      Instant judgedAt,
      Duration timeout,
      List<String> held,
      List<String> stillWrong) {
    return new StableRecovery(
        false, switchedAt, judgedAt, timeout, held, stillWrong, Optional.empty());
  }

  /** This recovery with who was paged about it. */
  public StableRecovery withPaged(String page) {
    return new StableRecovery(
        healthy, switchedAt, judgedAt, timeout, held, stillWrong, Optional.of(page));
  }

  /** From the switch to the judgement: the recovery time when healthy. */
  public Duration after() {
    return Duration.between(switchedAt, judgedAt);
  }

  /**
   * One line for people: "stable healthy after 9 s" or "stable still UNHEALTHY 60 s after the
   * switch: ...".
   */
  public String describe() {
    if (healthy) {
      return "stable healthy after %d s (traffic back on stable at %s)"
          .formatted(after().toSeconds(), switchedAt);
    }
    return "stable still UNHEALTHY %d s after the switch (traffic back on stable at %s, rollback.recovery_timeout %d s): %s%s"
        .formatted(
            after().toSeconds(),
            switchedAt,
            timeout.toSeconds(),
            String.join("; ", stillWrong),
            paged.map(p -> "; paged: " + p).orElse(""));
  }
}
