package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code cadence.gate_checks_at}: the runbook's offsets, or compressed ones that name their slot.
 */
class GateCheckOffsetTest {

  @Test
  void aBareOffsetIsLabelledWithItsRunbookMinutes() {
    assertThat(GateCheckOffset.parse("15m"))
        .isEqualTo(new GateCheckOffset("T+15", Duration.ofMinutes(15)));
    assertThat(GateCheckOffset.parse("1h").label()).isEqualTo("T+60");
    assertThat(GateCheckOffset.parse("90s").label()).isEqualTo("T+1m30s");
    assertThat(GateCheckOffset.parse("15m")).hasToString("15m");
  }

  @Test
  void aCompressedOffsetKeepsTheRunbooksLabelAndItsRealTime() {
    GateCheckOffset offset = GateCheckOffset.parse("t+15 at 95s");

    assertThat(offset).isEqualTo(new GateCheckOffset("T+15", Duration.ofSeconds(95)));
    assertThat(offset.labelIsTheOffset()).isFalse();
    assertThat(offset).hasToString("T+15 at 1m35s");
  }

  @Test
  void anOffsetMustComeAfterTheClocksStart() {
    assertThatThrownBy(() -> GateCheckOffset.parse("0s"))
        .hasMessage("a gate check is due after the clock's start, e.g. 15m; got PT0S");
    assertThatThrownBy(() -> GateCheckOffset.parse("soon")).hasMessage("not a duration");
  }
}
