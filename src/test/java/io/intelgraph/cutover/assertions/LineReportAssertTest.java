package io.intelgraph.cutover.assertions;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.LineReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class LineReportAssertTest {

  private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

  @Test
  void aNotConfiguredLineIsSkippedWithTheKeyToSetNeverPassed() {
    LineReport notConfigured =
        LineReport.at(NOW).notConfigured("configure `kpi.queries.tenant_mix`").judged();

    assertThatThrownBy(() -> assertThat(notConfigured).passedUnlessNotConfigured())
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("not configured: configure `kpi.queries.tenant_mix`");
    assertThatThrownBy(() -> assertThat(notConfigured).passed())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("NOT_CONFIGURED at " + NOW);
  }

  @Test
  void aFailedLineStillFailsWhenNotConfiguredIsAllowed() {
    LineReport failed = LineReport.at(NOW).problem("5xx ratio 2 %% over %s", "1 %").judged();

    assertThatThrownBy(() -> assertThat(failed).passedUnlessNotConfigured())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("5xx ratio 2 % over 1 %");
  }

  @Test
  void anAttestedLinePassesWithWhoAttestedIt() {
    LineReport attested =
        LineReport.at(NOW).evidence(AttestedJudgement.ATTESTED_BY, "dana (on-call)").judged();

    assertThat(attested).passedUnlessNotConfigured().passed();
  }
}
