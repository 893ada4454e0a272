package io.intelgraph.cutover.runbook.evidence;

import io.intelgraph.cutover.evidence.CutoverSummary;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.LedgerFacts;
import io.intelgraph.cutover.evidence.SummaryCalculator;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;

/**
 * T+120 "Performance Summary": {@code cutover_summary.json} counted from the ledger, written into
 * the evidence with the ledger itself. It fails when no gate was ever evaluated (nothing to
 * summarise) or when the worst gate verdict is RED.
 *
 * <pre>{@code
 * assertThat(new PerformanceSummary(evidence).run(context)).passed();
 * }</pre>
 */
public final class PerformanceSummary implements RunbookLine {

  private final EvidenceWriter evidence;

  public PerformanceSummary(EvidenceWriter evidence) {
    this.evidence = evidence;
  }

  @Override
  public LineReport run(LineContext context) {
    Ledger ledger = context.ledger().read();
    CutoverSummary summary =
        SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, context.now()));
    evidence.attach("ledger", "application/json", LedgerFacts.json(ledger));
    evidence.attach("cutover_summary", "application/json", summary.toJson());
    return context
        .report()
        .problemIf(
            summary.gatesEvaluated() <= 0,
            "no gate evaluation is recorded in ledger %s; run the gate phase (-Dgroups=gate)",
            context.ledger().location())
        .problemIf(
            summary.worstVerdict() == Verdict.RED,
            "worst gate verdict of %s is RED (%d of %d evaluations passed); see"
                + " cutover_summary.json",
            summary.release(),
            summary.gatesPassed(),
            summary.gatesEvaluated())
        .judged();
  }
}
