package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.rollback.RollbackReadiness;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.function.Function;

/**
 * T-15 "Rollback can execute": the rollback could run now. The API server (asked as {@code kubectl
 * auth can-i}) allows every request the rollback plan and the ramp's traffic moves make, the
 * rollback script exists and is executable, and stable has the ready replicas to take all traffic
 * back ({@link RollbackReadiness}).
 *
 * <pre>{@code
 * assertThat(RollbackCanExecute.fromCluster().run(context)).passed();
 * }</pre>
 */
public final class RollbackCanExecute implements RunbookLine {

  private final Function<LineContext, RollbackReadiness.Report> readiness;

  RollbackCanExecute(Function<LineContext, RollbackReadiness.Report> readiness) {
    this.readiness = readiness;
  }

  /** The line as a run reads it: the cluster's access reviews and the rollback script. */
  public static RollbackCanExecute fromCluster() {
    return new RollbackCanExecute(
        context -> RollbackReadiness.of(context.environment(), context.kubernetes()).check());
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    Reading.of(report, "the rollback's readiness", () -> readiness.apply(context))
        .ifPresent(
            ready -> {
              report.evidence("Rollback can execute", ready.describe());
              ready.problems().forEach(report::problem);
            });
    return report.judged();
  }
}
