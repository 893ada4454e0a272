package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.WarRoom;
import io.intelgraph.cutover.evidence.CutoverSummary;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.LedgerFacts;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SummaryCalculator;
import io.intelgraph.cutover.evidence.WarRoomSummary;
import io.intelgraph.cutover.evidence.WarRoomWebhook;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * "War room summary" of the T+120 and closeout phases: the summary counted from the ledger, posted
 * to {@code war_room.webhook} and recorded in the ledger with the webhook's answer. A failed post
 * fails this line only; the verdict is the gates' and is posted, never changed, here.
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
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    if (env.warRoom().isEmpty()) {
      return report
          .notConfigured(
              ("war room summary (%s): environment %s has no war room webhook; configure"
                      + " war_room.webhook: {env: WAR_ROOM_WEBHOOK_URL} (a Slack-compatible"
                      + " incoming webhook) and optionally war_room.timeout")
                  .formatted(phase, env.name()))
          .judged();
    }
    WarRoom warRoom = env.warRoom().get();
    WarRoomSummary message = summary(context);
    WarRoomWebhook.Delivery delivery;
    try {
      delivery = new WarRoomWebhook(warRoom, new Redactor(SecretRegistry.run())).post(message);
    } catch (EvidenceException e) {
      return report
          .evidence("War room summary (" + phase + ")", message.headline())
          .problem(
              "war room summary (%s) not posted at %s: %s", phase, context.now(), e.getMessage())
          .judged();
    }
    report.evidence("War room summary (" + phase + ")", delivery.sentJson());
    report.evidence("War room webhook answer", delivery.describe());
    context
        .ledger()
        .update(
            l ->
                l.withAttestation(
                    new Attestation(
                        "war room webhook " + warRoom.webhook().reference(),
                        "War room summary posted (%s): %s; %s"
                            .formatted(phase, message.headline(), delivery.describe()),
                        delivery.at())));
    return report.judged();
  }

  /** The figures a stakeholder reads, counted from the ledger now. */
  WarRoomSummary summary(LineContext context) {
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
    return new WarRoomSummary(
        phase, env.release().tag(), env.name(), String.valueOf(summary.worstVerdict()), figures);
  }
}
