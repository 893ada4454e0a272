package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.fail;

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
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.qameta.allure.Allure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the T+120 and closeout phases share: the war room summary, counted from the ledger, posted
 * to {@code war_room.webhook} and recorded with the webhook's answer. A failed post fails this line
 * only; the verdict is the gates' and is posted, never changed, here.
 */
final class WarRoomLine {

  private WarRoomLine() {}

  static void post(Environment env, LedgerStore store, String phase) {
    if (env.warRoom().isEmpty()) {
      fail(
          ("War room summary (%s): environment %s has no war room webhook; configure war_room.webhook: {env: WAR_ROOM_WEBHOOK_URL}"
                  + " (a Slack-compatible incoming webhook) and optionally war_room.timeout")
              .formatted(phase, env.name()));
    }
    WarRoom warRoom = env.warRoom().get();
    Ledger ledger = store.read();
    Instant now = Instant.now();
    CutoverSummary summary = SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, now));
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
    figures.put("ledger", "attempt %s at %s".formatted(ledger.attemptId(), store.location()));
    WarRoomSummary message =
        new WarRoomSummary(
            phase,
            env.release().tag(),
            env.name(),
            String.valueOf(summary.worstVerdict()),
            figures);
    WarRoomWebhook.Delivery delivery;
    try {
      delivery = new WarRoomWebhook(warRoom, new Redactor(SecretRegistry.run())).post(message);
    } catch (EvidenceException e) {
      fail("War room summary (%s) not posted at %s: %s".formatted(phase, now, e.getMessage()));
      return;
    }
    Allure.addAttachment(
        "War room summary (" + phase + ")", "application/json", delivery.sentJson(), ".json");
    Allure.addAttachment("War room webhook answer", "text/plain", delivery.describe(), ".txt");
    store.update(
        l ->
            l.withAttestation(
                new Attestation(
                    "war room webhook " + warRoom.webhook().reference(),
                    "War room summary posted (%s): %s; %s"
                        .formatted(phase, message.headline(), delivery.describe()),
                    delivery.at())));
  }
}
