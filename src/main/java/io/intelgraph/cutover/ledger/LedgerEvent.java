package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something the run did outside the gates that a later line, phase or attempt reads back: a restore
 * drill ({@code drill}), a message to the war room ({@code notification}), a configured command
 * ({@code command}). Each kind's own package turns its events into typed records; the ledger only
 * keeps them in order.
 *
 * <pre>{@code
 * new LedgerEvent("drill", "postgres restore", now, true, "restored in 41 s",
 *     Map.of("rto_seconds", "41", "rpo_seconds", "12"))
 * }</pre>
 *
 * @param kind what sort of event, e.g. {@code drill}; lines select by it
 * @param subject what it concerned, e.g. {@code postgres restore}
 * @param ok whether it did what it was meant to
 * @param detail what happened, in words, for people (redacted before it is recorded)
 * @param facts the figures a reader judges, by name (e.g. {@code rto_seconds}), in name order
 */
public record LedgerEvent(
    String kind, String subject, Instant at, boolean ok, String detail, Map<String, String> facts) {

  public LedgerEvent {
    if (kind == null || kind.isBlank())
      throw new IllegalArgumentException("a ledger event needs its kind");
    if (subject == null || subject.isBlank())
      throw new IllegalArgumentException("a ledger event of kind " + kind + " needs its subject");
    Objects.requireNonNull(at, "event time");
    detail = detail == null ? "" : detail;
    facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(facts));
  }
}
