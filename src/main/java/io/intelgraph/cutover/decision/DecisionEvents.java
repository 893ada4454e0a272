package io.intelgraph.cutover.decision;

import io.intelgraph.cutover.approval.Decision;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decisions as ledger events of kind {@value #KIND}: the signed statement and, for people reading
 * the ledger, what it claims; {@code status} is {@code signed} as {@code decide} records it, {@code
 * accepted} once the waiting check verified and took it. The statement is the record; the claims
 * beside it are never trusted without verifying it ({@code DecisionStatement.verify}).
 *
 * <pre>{@code
 * store.update(ledger -> ledger.withEvent(DecisionEvents.event(decision, jws)));
 * List<DecisionEvents.Recorded> signed = DecisionEvents.of(store.read());
 * }</pre>
 */
public final class DecisionEvents {

  /** The ledger event kind of a decision. */
  public static final String KIND = "decision";

  static final String STATEMENT = "statement";
  static final String STATUS = "status";
  static final String SIGNED = "signed";
  static final String ACCEPTED = "accepted";

  private DecisionEvents() {}

  /** A decision as the ledger holds it: its event and its signed statement. */
  public record Recorded(LedgerEvent event, String statement) {}

  /** The ledger event of a signed decision, as {@code decide} records it. */
  public static LedgerEvent event(Decision decision, String statement) {
    return event(decision, statement, SIGNED, decision.signedAt(), decision.describe());
  }

  /**
   * The ledger event of a decision the waiting check verified and took, at {@code at}: the check's
   * gate records carry the verdict it led to, this says who decided.
   */
  public static LedgerEvent accepted(Decision decision, String statement, Instant at) {
    return event(decision, statement, ACCEPTED, at, "accepted: " + decision.describe());
  }

  private static LedgerEvent event(
      Decision decision, String statement, String status, Instant at, String detail) {
    Map<String, String> facts = new TreeMap<>();
    facts.put(STATUS, status);
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
        KIND, subject(decision.phase(), decision.check()), at, true, detail, facts);
  }

  /** The signed decisions {@code decide} recorded in {@code ledger}, oldest first. */
  public static List<Recorded> of(Ledger ledger) {
    return withStatus(ledger, SIGNED);
  }

  /** The decisions the waiting checks took, oldest first. */
  public static List<Recorded> accepted(Ledger ledger) {
    return withStatus(ledger, ACCEPTED);
  }

  private static List<Recorded> withStatus(Ledger ledger, String status) {
    return ledger.events(KIND).stream()
        .filter(e -> status.equals(e.facts().get(STATUS)) && e.facts().containsKey(STATEMENT))
        .map(e -> new Recorded(e, e.facts().get(STATEMENT)))
        .toList();
  }

  /** {@code ramp check #3}: the subject of a decision's event. */
  static String subject(String phase, int check) {
    return "%s check #%d".formatted(phase, check);
  }
}
