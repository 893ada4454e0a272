package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-30 "Cost Rate (Target: <= $25/hour)": Kubecost's allocation of the cutover namespace over the
 * last hour, in dollars per hour, recorded in the ledger as the {@code cost_rate} baseline and
 * judged against {@code preflight.cost_max_per_hour}. Kubecost not answering fails naming it.
 *
 * <pre>{@code
 * assertThat(CostRateBaseline.fromKubecost().run(context)).passed();
 * }</pre>
 */
public final class CostRateBaseline implements RunbookLine {

  /** The ledger's name of this baseline. */
  public static final String NAME = "cost_rate";

  private final Function<Environment, CostProbe.CostRate> kubecost;

  CostRateBaseline(Function<Environment, CostProbe.CostRate> kubecost) {
    this.kubecost = kubecost;
  }

  /** The line as a run reads it: the namespace's cost from {@code endpoints.cost}. */
  public static CostRateBaseline fromKubecost() {
    return new CostRateBaseline(
        env ->
            new CostProbe(env.endpoints().cost(), env.preflight().timeout())
                .rate(env.cluster().namespace()));
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    if (env.endpoints().cost() == null) {
      return report
          .notConfigured("endpoints.cost (Kubecost's URL) is not set in environment " + env.name())
          .judged();
    }
    Optional<CostProbe.CostRate> rate =
        Reading.of(
            report,
            "the cost of namespace %s from Kubecost at %s"
                .formatted(env.cluster().namespace(), env.endpoints().cost()),
            () -> kubecost.apply(env));
    if (rate.isEmpty()) return report.judged();
    CostProbe.CostRate r = rate.get();
    double limit = env.preflight().costMaxPerHour();
    report.evidence("Cost rate", r);
    context
        .ledger()
        .update(
            l -> l.withBaseline(new Baseline(NAME, r.dollarsPerHour(), "$/h", r.query(), r.end())));
    report.problemIf(
        r.dollarsPerHour() > limit,
        "cost rate $%.2f/h is above preflight.cost_max_per_hour $%s/h: %s; find what runs in %s"
            + " before the cutover adds to it, or raise the limit",
        r.dollarsPerHour(),
        limit,
        r,
        env.cluster().namespace());
    return report.judged();
  }
}
