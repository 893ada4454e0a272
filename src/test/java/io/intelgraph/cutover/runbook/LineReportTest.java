package io.intelgraph.cutover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.assertions.CutoverAssertions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReportTest {

  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aLineWithNoProblemPassesAndOneWithAProblemFails() {
    assertThat(LineReport.at(AT).evidence("value", 1).judged().status())
        .isEqualTo(LineReport.Status.PASSED);
    assertThat(LineReport.at(AT).problem("p95 %s > %s", "380 ms", "350 ms").judged().problems())
        .containsExactly("p95 380 ms > 350 ms");
  }

  @Test
  void notConfiguredNeverPassesAndSaysWhichKey() {
    LineReport report = LineReport.at(AT).notConfigured("set endpoints.opa").judged();

    assertThat(report.passed()).isFalse();
    assertThat(report.status()).isEqualTo(LineReport.Status.NOT_CONFIGURED);
    assertThat(report.problems()).containsExactly("not configured: set endpoints.opa");
  }

  @Test
  void aReportCannotPassWithProblemsNorFailWithout() {
    assertThatThrownBy(() -> new LineReport(LineReport.Status.PASSED, List.of("x"), List.of(), AT))
        .hasMessageContaining("a passed line has no problems");
    assertThatThrownBy(() -> new LineReport(LineReport.Status.FAILED, List.of(), List.of(), AT))
        .hasMessageContaining("says why");
  }

  @Test
  void theAssertionFailsWithTheFirstProblemFirstThenEveryProblemThenTheEvidence() {
    LineReport report =
        LineReport.at(AT)
            .evidence("query", "histogram_quantile(0.95, ...)")
            .evidence("answer", "{\"status\":\"success\"}")
            .problem("first")
            .problem("second")
            .judged();

    assertThatThrownBy(() -> CutoverAssertions.assertThat(report).passed())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.join(
                System.lineSeparator(),
                "first (and 1 more)",
                "  - first",
                "  - second",
                "  FAILED at 2026-12-07T10:00:00Z",
                "  query: histogram_quantile(0.95, ...)",
                "  answer: {\"status\":\"success\"}"));
  }

  @Test
  void aSingleProblemIsTheFirstLineTheLedgerKeeps() {
    LineReport report =
        LineReport.at(AT).problem("subscription golden: no event within 5 s").judged();

    assertThat(report.describe().lines().findFirst())
        .contains("subscription golden: no event within 5 s");
    assertThat(report.describe())
        .isEqualTo(
            "subscription golden: no event within 5 s"
                + System.lineSeparator()
                + "  FAILED at 2026-12-07T10:00:00Z");
  }
}
