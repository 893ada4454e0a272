package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.preflight.ExpectedRevision;
import io.intelgraph.cutover.preflight.OpaBundleVerdict;
import io.intelgraph.cutover.preflight.OpaProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "OPA bundle loaded: Latest policy hash confirmed": OPA has activated its bundles and the
 * revision it serves is the one the release expects ({@link OpaBundleVerdict}); the confirmed
 * revision is recorded in the ledger.
 *
 * <pre>{@code
 * assertThat(OpaBundleLoaded.fromOpa().run(context)).passed();
 * }</pre>
 */
public final class OpaBundleLoaded implements RunbookLine {

  /** How the loaded revision is recorded in the ledger; the closeout compares day 3's with it. */
  public static final String REVISION_ATTESTED = "OPA bundle loaded: revision ";

  private final Function<Environment, OpaProbe.BundleStatus> opa;
  private final Function<LineContext, Optional<ExpectedRevision>> expected;

  OpaBundleLoaded(
      Function<Environment, OpaProbe.BundleStatus> opa,
      Function<LineContext, Optional<ExpectedRevision>> expected) {
    this.opa = opa;
    this.expected = expected;
  }

  /**
   * The line as a run reads it: OPA's status API, and the expected revision from configuration or
   * the cluster.
   */
  public static OpaBundleLoaded fromOpa() {
    return new OpaBundleLoaded(
        env ->
            new OpaProbe(env.endpoints().opa(), env.preflight().timeout())
                .bundleStatus(env.preflight().opaDecisionPath()),
        context ->
            ExpectedRevision.of(
                context.environment().preflight(),
                context.environment().cluster().namespace(),
                context.kubernetes()));
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    Preflight preflight = env.preflight();
    LineReport.Builder report = context.report();
    Optional<OpaProbe.BundleStatus> status =
        Reading.of(
            report, "the bundle status of OPA " + env.endpoints().opa(), () -> opa.apply(env));
    Optional<Optional<ExpectedRevision>> wanted =
        Reading.of(report, "the expected OPA bundle revision", () -> expected.apply(context));
    if (status.isEmpty() || wanted.isEmpty()) return report.judged();
    if (wanted.get().isEmpty()) {
      // any revision OPA serves is then not a confirmed one: the line cannot check
      report.notConfigured(
          "preflight.opa_expected_revision (or preflight.opa_expected_revision_from) is not set:"
              + " no revision can be confirmed");
    }
    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(status.get(), preflight.opaBundle(), wanted.get());
    report.evidence("OPA bundle status", verdict.describe());
    verdict.problems().forEach(p -> report.problem("OPA %s: %s", env.endpoints().opa(), p));
    return context.recordIfPassed(
        report.judged(),
        "OPA " + env.endpoints().opa(),
        () -> REVISION_ATTESTED + verdict.revision().orElseThrow());
  }
}
