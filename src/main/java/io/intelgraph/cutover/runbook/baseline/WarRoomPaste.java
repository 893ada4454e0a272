package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.runbook.gates.GateCheckLines;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook's "Baseline Values (War Room Paste)": the T-30 baselines this attempt recorded in the
 * ledger (API P95, API P99, 3-hop graph P95, Kafka lag, auth error rate, cost rate), each with its
 * target, posted to {@code war_room.webhook} and recorded in the ledger with the webhook's answer.
 * Passes only when every runbook baseline was recorded and the war room took the message; a
 * baseline whose line failed is posted as "not measured" and fails this line too, so the paste is
 * never silently short. Without a webhook it is not configured.
 *
 * <pre>{@code
 * assertThat(new WarRoomPaste().run(context)).passed();
 * }</pre>
 */
public final class WarRoomPaste implements RunbookLine {

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    WarRoomNotifier warRoom = context.warRoom();
    if (!warRoom.configured()) {
      return report
          .notConfigured(
              "War Room Paste: environment %s has no war room webhook; configure war_room.webhook:"
                  + " {env: WAR_ROOM_WEBHOOK_URL} (a Slack-compatible incoming webhook)"
                      .formatted(env.name()))
          .judged();
    }
    Ledger ledger = context.ledger().read();
    Map<String, String> figures = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String gate : GateBaseline.RUNBOOK_GATES) {
      figures.put(
          gate,
          value(ledger, gate, missing) + " (target " + GateCheckLines.threshold(env, gate) + ")");
    }
    figures.put(
        CostRateBaseline.NAME,
        value(ledger, CostRateBaseline.NAME, missing)
            + " (target <= "
            + Unit.DOLLARS_PER_HOUR.format(env.preflight().costMaxPerHour())
            + ")");
    figures.put("attempt", ledger.attemptId());
    WarRoomNotifier.Posting posting =
        warRoom.post("T-30 baselines", missing.isEmpty() ? "RECORDED" : "INCOMPLETE", figures);
    report.evidence("War Room Paste", posting.sent());
    report.evidence("War room webhook answer", posting.describe());
    report.problemIf(
        !missing.isEmpty(),
        "no T-30 baseline recorded in ledger %s for %s: their lines above failed; the paste says"
            + " 'not measured' for them",
        context.ledger().location(),
        missing);
    report.problemIf(!posting.delivered(), "War Room Paste not posted: %s", posting.describe());
    return report.judged();
  }

  private static String value(Ledger ledger, String name, List<String> missing) {
    Baseline baseline = ledger.baselines().get(name);
    if (baseline == null) {
      missing.add(name);
      return "not measured";
    }
    return baseline.formattedValue();
  }
}
