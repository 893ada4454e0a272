package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.junit.GateChecks;
import io.intelgraph.cutover.junit.GatePhase;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.gates.GateCheckLine;
import io.intelgraph.cutover.runbook.gates.GateCheckLines;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * T+15 / T+30 / T+60: the gate checks after full traffic, every gate over all traffic ({@link
 * GateCheckLines}: which checks are due, when, and each check's lines). A first failure is YELLOW
 * (the verdict fails, nothing changes); the second consecutive failure of a gate, in this run or
 * the previous one, is RED and rolls back. No data is never GREEN.
 */
@GatePhase
@DisplayName("T+15 / T+30 / T+60: gate checks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateCheckTest {

  static Stream<GateCheckLine> dueChecks(Environment environment, LedgerStore ledger) {
    return GateCheckLines.due(environment, ledger.read());
  }

  @Test
  @Order(1)
  @DisplayName("Gate checks due in this run")
  void checksDue(LineContext context) {
    assertThat(GateChecks.enforce(GateCheckLines.checksDue(context))).passed();
  }

  /**
   * Every due check's lines, one invocation per line: how many checks are due depends on the ledger
   * and {@code cadence.watch}, and one check's lines run together, in order, before the next.
   */
  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("dueChecks")
  @Order(2)
  @DisplayName("Gate checks")
  void gateCheck(GateCheckLine line, LineContext context, GateChecks checks) {
    assertThat(GateChecks.enforce(line.run(context, checks))).passed();
  }
}
