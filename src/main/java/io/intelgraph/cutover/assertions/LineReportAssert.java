package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.LineReport;
import io.qameta.allure.Allure;
import org.assertj.core.api.AbstractAssert;
import org.opentest4j.TestAbortedException;

/**
 * The one assertion a run-of-show method makes on its line: {@link #passed()} attaches the line's
 * evidence to the report (through the run's redacting results writer, like every attachment) and
 * fails with every problem the line found, followed by the evidence.
 *
 * <pre>{@code
 * assertThat(DeploymentFreeze.fromConfiguration().run(context)).passed();
 * }</pre>
 */
public final class LineReportAssert extends AbstractAssert<LineReportAssert, LineReport> {

  LineReportAssert(LineReport actual) {
    super(actual, LineReportAssert.class);
  }

  /** The line passed; its evidence is attached either way. */
  public LineReportAssert passed() {
    isNotNull();
    attachEvidence();
    if (!actual.passed()) failWithMessage("%s", actual.describe());
    return this;
  }

  /**
   * The line passed, or it could not check for want of configuration and the test is aborted
   * (reported as skipped) with the key to set: for a runbook line an environment may leave out on
   * purpose (a metric it has no exporter for). A failure fails; nothing passes unchecked.
   */
  public LineReportAssert passedUnlessNotConfigured() {
    isNotNull();
    if (actual.status() == LineReport.Status.NOT_CONFIGURED) {
      attachEvidence();
      throw new TestAbortedException(String.join("; ", actual.problems()));
    }
    return passed();
  }

  /** The line failed (not "not configured"), with a problem containing each fragment. */
  public LineReportAssert failedWith(String... fragments) {
    return endedWith(LineReport.Status.FAILED, fragments);
  }

  /** The line could not check for want of configuration, saying so with each fragment. */
  public LineReportAssert isNotConfigured(String... fragments) {
    return endedWith(LineReport.Status.NOT_CONFIGURED, fragments);
  }

  private LineReportAssert endedWith(LineReport.Status status, String... fragments) {
    isNotNull();
    if (actual.status() != status) {
      failWithMessage("expected the line to end %s but it was %s", status, actual.describe());
    }
    for (String fragment : fragments) {
      if (actual.problems().stream().noneMatch(problem -> problem.contains(fragment))) {
        failWithMessage(
            "expected a problem containing%n  %s%nbut the line's report is %s",
            fragment, actual.describe());
      }
    }
    return this;
  }

  private void attachEvidence() {
    for (LineReport.Evidence item : actual.evidence()) {
      // who attested a line is a label of the test, so the report can be filtered by it
      if (item.name().equals(AttestedJudgement.ATTESTED_BY)) {
        Allure.label(AttestedJudgement.ATTESTED_BY, item.text());
        continue;
      }
      Allure.addAttachment(item.name(), "text/plain", item.text(), ".txt");
    }
  }
}
