package io.intelgraph.cutover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingTest {

  @Test
  void whatWasReadIsReturnedWithoutAProblem() {
    LineReport.Builder report = LineReport.at(LineContexts.NOW);

    assertThat(Reading.of(report, "the answer", () -> 42)).contains(42);
    assertThat(report.judged().passed()).isTrue();
  }

  @Test
  void aSystemThatCannotBeReadIsTheLinesProblemWithItsMessageAndKind() {
    LineReport.Builder report = LineReport.at(LineContexts.NOW);

    assertThat(
            Reading.of(
                report,
                "the DNS answer for api.example.org",
                () -> {
                  throw new IllegalStateException("resolver 10.0.0.2:53 timed out after 5000 ms");
                }))
        .isEmpty();
    assertThat(report.judged().problems())
        .containsExactly(
            "could not read the DNS answer for api.example.org: resolver 10.0.0.2:53 timed out"
                + " after 5000 ms (IllegalStateException)");
  }
}
