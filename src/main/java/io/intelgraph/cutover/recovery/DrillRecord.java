package io.intelgraph.cutover.recovery;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A drill the suite ran, as the ledger keeps it (a {@link LedgerEvent} of kind {@value #KIND}):
 * what was drilled, when, whether it did what it was meant to, its RTO/RPO where it measured them,
 * and which attempt of the release ran it. Recorded by the closeout's drill lines, read back by
 * T-15 "Restore procedures tested" and the DR-runbook line, in this attempt or an earlier one.
 *
 * <pre>{@code
 * store.update(l -> l.withEvent(DrillRecord.postgresRestore(at, true, figures, rto, rpo).toEvent()));
 * Optional<DrillRecord> last = DrillRecord.newestPassed(DrillRecord.inRelease(store.read(), store.archivedAttempts()), Subject.POSTGRES_RESTORE);
 * }</pre>
 *
 * @param attempt the attempt that recorded it ({@code 3 (attempt id)}); empty before it is stored
 */
public record DrillRecord(
    Subject subject,
    Instant at,
    boolean ok,
    String detail,
    Map<String, String> facts,
    Optional<String> attempt) {

  /** The ledger event kind of drills. */
  public static final String KIND = "drill";

  static final String RTO = "rto_seconds";
  static final String RPO = "rpo_seconds";

  /** What a drill exercised; its {@code subject} is the ledger event's subject. */
  public enum Subject {
    /** The closeout's PostgreSQL restore drill: a backup really restored into a scratch server. */
    POSTGRES_RESTORE("postgres restore"),
    /** The closeout's Neo4j backup verification (size, integrity of the newest backup). */
    NEO4J_BACKUP("neo4j backup");

    private final String subject;

    Subject(String subject) {
      this.subject = subject;
    }

    public String subject() {
      return subject;
    }

    static Optional<Subject> of(String subject) {
      for (Subject s : values()) if (s.subject.equals(subject)) return Optional.of(s);
      return Optional.empty();
    }
  }

  public DrillRecord {
    facts = Map.copyOf(facts);
  }

  /** A PostgreSQL restore drill with its measured RTO and RPO. */
  public static DrillRecord postgresRestore(
      Instant at, boolean ok, String detail, Duration rto, Duration rpo) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(RTO, seconds(rto));
    facts.put(RPO, seconds(rpo));
    return new DrillRecord(Subject.POSTGRES_RESTORE, at, ok, detail, facts, Optional.empty());
  }

  /** A drill that did not finish (no figures), with the reason. */
  public static DrillRecord unfinished(Subject subject, Instant at, String reason) {
    return new DrillRecord(subject, at, false, reason, Map.of(), Optional.empty());
  }

  /** A Neo4j backup verification with the backup's figures. */
  public static DrillRecord neo4jBackup(
      Instant at, boolean ok, String detail, Neo4jBackupVerification.Result result) {
    return new DrillRecord(
        Subject.NEO4J_BACKUP,
        at,
        ok,
        detail,
        Map.of(
            "size_bytes", Long.toString(result.sizeBytes()),
            "integrity", result.integrity(),
            "backup_completed_at", result.completedAt().toString(),
            "source", result.source()),
        Optional.empty());
  }

  /** This drill as the ledger event that records it. */
  public LedgerEvent toEvent() {
    return new LedgerEvent(KIND, subject.subject(), at, ok, detail, facts);
  }

  /** The drills one ledger recorded, in recording order; events of unknown subjects are skipped. */
  public static List<DrillRecord> in(Ledger ledger) {
    String attempt = "%d (%s)".formatted(ledger.attempt(), ledger.attemptId());
    List<DrillRecord> drills = new ArrayList<>();
    for (LedgerEvent e : ledger.events(KIND)) {
      Subject.of(e.subject())
          .ifPresent(
              s ->
                  drills.add(
                      new DrillRecord(
                          s, e.at(), e.ok(), e.detail(), e.facts(), Optional.of(attempt))));
    }
    return drills;
  }

  /** The drills of the release: the archived attempts' and this attempt's, oldest first. */
  public static List<DrillRecord> inRelease(Ledger current, List<Ledger> archived) {
    List<DrillRecord> all = new ArrayList<>();
    archived.forEach(l -> all.addAll(in(l)));
    all.addAll(in(current));
    all.sort(Comparator.comparing(DrillRecord::at));
    return List.copyOf(all);
  }

  /** The newest drill of {@code subject} that passed, if any. */
  public static Optional<DrillRecord> newestPassed(List<DrillRecord> drills, Subject subject) {
    return drills.stream()
        .filter(d -> d.subject() == subject && d.ok())
        .max(Comparator.comparing(DrillRecord::at));
  }

  public Optional<Duration> rto() {
    return duration(RTO);
  }

  public Optional<Duration> rpo() {
    return duration(RPO);
  }

  /** How old the drill is at {@code now}. */
  public Duration age(Instant now) {
    return Duration.between(at, now);
  }

  /** For evidence and messages: what, when, by which attempt, the result and the figures. */
  public String describe() {
    StringBuilder text =
        new StringBuilder(
            "%s drill at %s%s: %s"
                .formatted(
                    subject.subject(),
                    at,
                    attempt.map(a -> " (attempt " + a + ")").orElse(""),
                    ok ? "passed" : "FAILED"));
    rto().ifPresent(d -> text.append(", RTO ").append(d));
    rpo().ifPresent(d -> text.append(", RPO ").append(d));
    if (!detail.isBlank()) text.append("; ").append(detail);
    return text.toString();
  }

  private Optional<Duration> duration(String fact) {
    return Optional.ofNullable(facts.get(fact))
        .map(s -> Duration.ofNanos(new BigDecimal(s).movePointRight(9).longValueExact()));
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
  }
}
