package io.intelgraph.cutover.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KafkaModelTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final FaultSwitch faults = new FaultSwitch(clock);
  private final KafkaModel model = new KafkaModel(clock, faults);

  @Test
  void healthyLagStaysBetween50And200AndOffsetsGrowAtTheirRates() {
    KafkaModel.Reading first = model.read();
    for (int second = 1; second <= 120; second++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(model.read().consumerLag()).as("lag at +%d s", second).isBetween(50L, 200L);
    }
    KafkaModel.Reading last = model.read();

    assertThat(last.entitiesOffset() - first.entitiesOffset()).isEqualTo(30_000);
    assertThat((double) (last.dlqOffset() - first.dlqOffset())).isCloseTo(6.0, within(1.0));
  }

  @Test
  void kafkaLagGrowsPastOneThousandWithinTwoSecondsAndFloodsTheDlq() {
    model.read();
    clock.advance(Duration.ofSeconds(10));
    faults.activate(Fault.KAFKA_LAG);
    KafkaModel.Reading atActivation = model.read();

    clock.advance(Duration.ofSeconds(2));
    KafkaModel.Reading after = model.read();

    assertThat(after.consumerLag()).isGreaterThan(1_000);
    assertThat(after.dlqOffset() - atActivation.dlqOffset()).isEqualTo(10);
  }

  @Test
  void countersStayMonotonicAcrossFaultSwitchesBetweenReads() {
    KafkaModel.Reading before = model.read();
    clock.advance(Duration.ofSeconds(4));
    faults.activate(Fault.KAFKA_LAG);
    clock.advance(Duration.ofSeconds(4));
    KafkaModel.Reading lagging = model.read();

    assertThat(lagging.entitiesOffset() - before.entitiesOffset()).isEqualTo(2_000);
    assertThat(lagging.dlqOffset() - before.dlqOffset())
        .as("4 s healthy + 4 s at 5/s")
        .isEqualTo(20);

    faults.activate(Fault.HEALTHY);
    clock.advance(Duration.ofSeconds(1));
    KafkaModel.Reading healthyAgain = model.read();
    assertThat(healthyAgain.dlqOffset()).isGreaterThanOrEqualTo(lagging.dlqOffset());
    assertThat(healthyAgain.consumerLag()).isBetween(50L, 200L);
  }
}
