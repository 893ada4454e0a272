package io.intelgraph.cutover.waiting;

import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A named wait with an upper bound, a fail-fast condition and a progress line: how the cutover
 * waits for a rollout, a soak or the next gate check.
 *
 * <pre>{@code
 * BoundedWait.named("canary rollout").atMost(Duration.ofMinutes(10)).progressEvery(Duration.ofSeconds(30))
 *     .status(() -> deployments.status("api-canary").describe())
 *     .failFast("rollout exceeded its progress deadline", rollout::hasFailed)
 *     .until(rollout::isComplete);
 * }</pre>
 */
public final class BoundedWait {

  private final String alias;
  private final Duration limit;
  private final Duration poll;
  private final Duration every;
  private final Supplier<String> status;
  private final String failFastReason;
  private final BooleanSupplier failFast;
  private final PrintStream out;

  private BoundedWait(
      String alias,
      Duration limit,
      Duration poll,
      Duration every,
      Supplier<String> status,
      String failFastReason,
      BooleanSupplier failFast,
      PrintStream out) {
    this.alias = alias;
    this.limit = limit;
    this.poll = poll;
    this.every = every;
    this.status = status;
    this.failFastReason = failFastReason;
    this.failFast = failFast;
    this.out = out;
  }

  public static BoundedWait named(String alias) {
    return new BoundedWait(
        Objects.requireNonNull(alias),
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        () -> "",
        null,
        () -> false,
        System.out);
  }

  public BoundedWait atMost(Duration limit) {
    return new BoundedWait(alias, limit, poll, every, status, failFastReason, failFast, out);
  }

  public BoundedWait pollEvery(Duration poll) {
    return new BoundedWait(alias, limit, poll, every, status, failFastReason, failFast, out);
  }

  public BoundedWait progressEvery(Duration every) {
    return new BoundedWait(alias, limit, poll, every, status, failFastReason, failFast, out);
  }

  public BoundedWait status(Supplier<String> status) {
    return new BoundedWait(alias, limit, poll, every, status, failFastReason, failFast, out);
  }

  public BoundedWait failFast(String reason, BooleanSupplier condition) {
    return new BoundedWait(alias, limit, poll, every, status, reason, condition, out);
  }

  public BoundedWait printingTo(PrintStream out) {
    return new BoundedWait(alias, limit, poll, every, status, failFastReason, failFast, out);
  }

  /**
   * Waits until {@code condition} holds; throws {@link WaitTimeoutException} naming the wait, its
   * bound and the last status when it does not, or at once when the fail-fast condition holds.
   */
  public void until(Callable<Boolean> condition) {
    ProgressLine progress = new ProgressLine(alias, limit, every, status, out);
    // Awaitility sleeps a whole poll interval before it looks at the bound again: a poll longer
    // than the bound (a 15 s scrape interval, a 1 s recovery timeout) would overrun it by the poll
    Duration interval = poll.compareTo(limit) > 0 ? limit : poll;
    try {
      var factory =
          await(alias)
              .atMost(limit)
              .pollInterval(interval)
              .pollDelay(Duration.ZERO)
              .conditionEvaluationListener(evaluation -> progress.tick());
      if (failFastReason != null) {
        factory = factory.failFast(failFastReason, failFast::getAsBoolean);
      }
      factory.until(condition);
    } catch (ConditionTimeoutException e) {
      throw new WaitTimeoutException(
          "%s did not complete within %d s; last status: %s"
              .formatted(alias, limit.toSeconds(), safeStatus()),
          e);
    } catch (org.awaitility.core.TerminalFailureException e) {
      throw new WaitTimeoutException(
          "%s failed: %s; last status: %s".formatted(alias, failFastReason, safeStatus()), e);
    }
  }

  /** Holds for {@code duration} (a soak), printing progress; never returns early. */
  public void soak(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    atMost(duration.plus(poll).plusSeconds(1)).until(() -> System.nanoTime() >= end);
  }

  private String safeStatus() {
    try {
      return status.get();
    } catch (RuntimeException e) {
      return "unavailable (" + e.getMessage() + ")";
    }
  }
}
