package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.CutoverSummary;
import io.intelgraph.cutover.evidence.LedgerFacts;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SummaryCalculator;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * "War room summary" of the T+120 and closeout phases: the summary counted from the ledger, posted
 * to {@code war_room.webhook} and recorded in the ledger with the webhook's answer (a {@link
 * WarRoomNotifier#EVENT_KIND} event). A failed post fails this line only; the verdict is the gates'
 * and is posted, never changed, here.
 *
 * <pre>{@code
 * assertThat(new WarRoomPost("Day-3 closeout").run(context)).passed();
 * }</pre>
 */
public final class WarRoomPost implements RunbookLine {

  private final String phase;

  /**
   * @param phase the phase posting, as the war room reads it ("T+120 evidence")
   */
  public WarRoomPost(String phase) {
    this.phase = phase;
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    WarRoomNotifier warRoom = context.warRoom();
    if (!warRoom.configured()) {
      return report
          .notConfigured(
              ("war room summary (%s): environment %s has no war room webhook; configure"
                      + " war_room.webhook: {env: WAR_ROOM_WEBHOOK_URL} (a Slack-compatible"
                      + " incoming webhook) and optionally war_room.timeout")
                  .formatted(phase, context.environment().name()))
          .judged();
    }
    Summary summary = summary(context);
    WarRoomNotifier.Posting posting = warRoom.post(phase, summary.verdict(), summary.figures());
    report.evidence("War room summary (" + phase + ")", posting.sent());
    report.evidence("War room webhook answer", posting.describe());
    report.problemIf(
        !posting.delivered(),
        "war room summary (%s) not posted at %s: %s",
        phase,
        context.now(),
        posting.describe());
    return report.judged();
  }

  /** The verdict and the figures a stakeholder reads. */
  record Summary(String verdict, Map<String, String> figures) {}

  /** The figures a stakeholder reads, counted from the ledger now. */
  Summary summary(LineContext context) {
    Environment env = context.environment();
    Ledger ledger = context.ledger().read();
    CutoverSummary summary =
        SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, context.now()));
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("release verdict (worst gate verdict)", String.valueOf(summary.worstVerdict()));
    figures.put(
        "gate evaluations",
        "%d (%d passed, %d failed)"
            .formatted(summary.gatesEvaluated(), summary.gatesPassed(), summary.gatesFailed()));
    figures.put(
        "phases",
        summary.phases().stream()
            .map(p -> p.name() + " " + p.status())
            .collect(Collectors.joining(", ")));
    figures.put(
        "cutover duration", summary.cutoverDurationMinutes() + " min since " + summary.started());
    figures.put(
        "rollbacks",
        summary.rollbacks() == 0 ? "0" : summary.rollbacks() + ": " + summary.rollbackEvents());
    figures.put(
        "evidence",
        ManifestDigest.sealedIn(ledger).map(Attestation::what).orElse("no bundle sealed yet"));
    figures.put(
        "ledger", "attempt %s at %s".formatted(ledger.attemptId(), context.ledger().location()));
    return new Summary(String.valueOf(summary.worstVerdict()), figures);
  }
}
