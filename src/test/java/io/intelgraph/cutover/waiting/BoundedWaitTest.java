package io.intelgraph.cutover.waiting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedWaitTest {

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

  @Test
  void aConditionThatNeverHoldsFailsNamingTheWaitItsBoundAndLastStatus() {
    assertThatThrownBy(
            () ->
                BoundedWait.named("canary rollout")
                    .atMost(Duration.ofMillis(300))
                    .pollEvery(Duration.ofMillis(50))
                    .status(() -> "1/2 ready")
                    .printingTo(out)
                    .until(() -> false))
        .isInstanceOf(WaitTimeoutException.class)
        .hasMessage("canary rollout did not complete within 0 s; last status: 1/2 ready");
  }

  @Test
  void aPollLongerThanTheBoundDoesNotOverrunIt() {
    AtomicInteger polls = new AtomicInteger();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                BoundedWait.named("stable proven healthy")
                    .atMost(Duration.ofMillis(300))
                    .pollEvery(Duration.ofSeconds(60))
                    .printingTo(out)
                    .until(
                        () -> {
                          polls.incrementAndGet();
                          return false;
                        }))
        .isInstanceOf(WaitTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("bounded by its 300 ms, not by its 60 s poll")
        .isLessThan(Duration.ofSeconds(30));
    assertThat(polls).hasPositiveValue();
  }

  @Test
  void failFastStopsAtOnceWithTheReason() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                BoundedWait.named("canary rollout")
                    .atMost(Duration.ofSeconds(20))
                    .pollEvery(Duration.ofMillis(20))
                    .failFast("rollout exceeded its progress deadline", () -> true)
                    .printingTo(out)
                    .until(() -> false))
        .hasMessage("canary rollout failed: rollout exceeded its progress deadline; last status: ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void progressIsPrintedAtASteadyPaceWithTheStatus() {
    AtomicInteger polls = new AtomicInteger();
    BoundedWait.named("soak at 40 %")
        .atMost(Duration.ofSeconds(5))
        .pollEvery(Duration.ofMillis(20))
        .progressEvery(Duration.ofMillis(100))
        .status(() -> "gates GREEN")
        .printingTo(out)
        .until(() -> polls.incrementAndGet() >= 20);

    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line).matches("\\[cutover] soak at 40 %: \\d+ s of 5 s; gates GREEN"));
    assertThat(printed.lines().count()).isLessThan(polls.get());
  }

  @Test
  void aSoakHoldsForItsWholeDuration() {
    long start = System.nanoTime();
    BoundedWait.named("soak")
        .pollEvery(Duration.ofMillis(20))
        .printingTo(out)
        .soak(Duration.ofMillis(200));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }
}
