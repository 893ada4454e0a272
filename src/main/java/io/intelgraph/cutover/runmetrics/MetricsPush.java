package io.intelgraph.cutover.runmetrics;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One push of the run's metrics as the ledger keeps it (events of kind {@value #KIND}): when, after
 * what, to which group URL, whether the Pushgateway accepted it and what happened.
 *
 * <pre>{@code
 * List<MetricsPush> pushes = MetricsPush.recorded(ledger);
 * }</pre>
 *
 * @param trigger what the push followed, e.g. {@code after phase canary}
 * @param url the group's URL at the Pushgateway
 * @param series how many series were pushed
 */
public record MetricsPush(
    Instant at, String trigger, String url, boolean accepted, int series, String detail) {

  /** The ledger event kind of a push. */
  public static final String KIND = "metrics";

  /** The pushes recorded in {@code ledger}, oldest first. */
  public static List<MetricsPush> recorded(Ledger ledger) {
    return ledger.events(KIND).stream().map(MetricsPush::from).toList();
  }

  static MetricsPush from(LedgerEvent event) {
    Map<String, String> facts = event.facts();
    return new MetricsPush(
        event.at(),
        event.subject(),
        facts.getOrDefault("url", ""),
        event.ok(),
        Integer.parseInt(facts.getOrDefault("series", "0")),
        event.detail());
  }

  LedgerEvent toEvent() {
    return new LedgerEvent(
        KIND,
        trigger,
        at,
        accepted,
        detail,
        Map.of("url", url, "series", Integer.toString(series)));
  }

  /** One line for people: {@code pushed 42 series to URL at T (after phase canary)}. */
  public String describe() {
    return accepted
        ? "pushed %d series to %s at %s (%s)".formatted(series, url, at, trigger)
        : "push to %s at %s (%s) FAILED: %s".formatted(url, at, trigger, detail);
  }
}
