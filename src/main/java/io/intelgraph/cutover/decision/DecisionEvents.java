package io.intelgraph.cutover.decision;

import io.intelgraph.cutover.approval.Decision;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decisions as ledger events of kind {@value #KIND}: the signed statement and, for people reading
 * the ledger, what it claims. The statement is the record; the claims beside it are never trusted
 * without verifying it ({@code DecisionStatement.verify}).
 *
 * <pre>{@code
 * store.update(ledger -> ledger.withEvent(DecisionEvents.event(decision, jws)));
 * List<DecisionEvents.Recorded> recorded = DecisionEvents.of(store.read());
 * }</pre>
 */
public final class DecisionEvents {

  /** The ledger event kind of a decision. */
  public static final String KIND = "decision";

  static final String STATEMENT = "statement";

  private DecisionEvents() {}

  /** A decision as the ledger holds it: its statement, and when it was recorded. */
  public record Recorded(LedgerEvent event, String statement) {}

  /** The ledger event of a signed decision. */
  public static LedgerEvent event(Decision decision, String statement) {
    Map<String, String> facts = new TreeMap<>();
    facts.put(STATEMENT, statement);
    facts.put("decision", decision.choice().name());
    facts.put("release", decision.release());
    facts.put("attempt_id", decision.attemptId());
    facts.put("phase", decision.phase());
    facts.put("check", Integer.toString(decision.check()));
    facts.put("gates", String.join(",", decision.gates()));
    facts.put("role", decision.role());
    facts.put("decided_by", decision.decidedBy());
    facts.put("signed_at", decision.signedAt().toString());
    return new LedgerEvent(
        KIND,
        subject(decision.phase(), decision.check()),
        decision.signedAt(),
        true,
        decision.describe(),
        facts);
  }

  /** The decisions recorded in {@code ledger}, oldest first. */
  public static List<Recorded> of(Ledger ledger) {
    return ledger.events(KIND).stream()
        .filter(e -> e.facts().containsKey(STATEMENT))
        .map(e -> new Recorded(e, e.facts().get(STATEMENT)))
        .toList();
  }

  /** {@code ramp check #3}: the subject of a decision's event. */
  static String subject(String phase, int check) {
    return "%s check #%d".formatted(phase, check);
  }
}
