package io.intelgraph.cutover.ledger;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable record of ONE release attempt: baselines, every gate evaluation, phase results,
 * attestations and the rollback. Immutable; change it through {@link LedgerStore#update}:
 *
 * <pre>{@code
 * store.update(ledger -> ledger.withBaseline(new Baseline("api_p95", 0.21, "s", query, now)));
 * }</pre>
 *
 * @param schemaVersion the JSON layout; a ledger of another version is refused, never rewritten
 * @param attemptId unique per attempt; {@code -Dcutover.attempt=new} starts another
 * @param attempt which attempt of the release this is, counting from 1: fixed by the store when the
 *     attempt starts, from the attempts it archived before it (the summary's {@code attempt})
 */
public record Ledger(
    int schemaVersion,
    String releaseTag,
    String attemptId,
    int attempt,
    Instant startedAt,
    Map<String, Baseline> baselines,
    List<GateRecord> gates,
    List<PhaseResult> phases,
    List<Attestation> attestations,
    List<TrafficStep> traffic,
    Optional<RollbackRecord> rollback,
    Optional<TrafficOwner> trafficOwner,
    Optional<HaltRecord> halt,
    List<LedgerEvent> events) {

  /** The layout this code reads and writes. */
  public static final int SCHEMA_VERSION = 2;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter ATTEMPT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public Ledger {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "schema version %d is not the supported %d".formatted(schemaVersion, SCHEMA_VERSION));
    }
    if (releaseTag == null || releaseTag.isBlank())
      throw new IllegalArgumentException("release tag is missing");
    if (attemptId == null || attemptId.isBlank())
      throw new IllegalArgumentException("attempt id is missing");
    if (attempt < 1)
      throw new IllegalArgumentException(
          "attempt number %d of %s; attempts count from 1".formatted(attempt, attemptId));
    Objects.requireNonNull(startedAt, "started at");
    baselines = Map.copyOf(baselines);
    gates = List.copyOf(gates);
    phases = List.copyOf(phases);
    attestations = List.copyOf(attestations);
    traffic = List.copyOf(traffic);
    rollback = rollback == null ? Optional.empty() : rollback;
    // ledgers written before halts were recorded have neither
    trafficOwner = trafficOwner == null ? Optional.empty() : trafficOwner;
    halt = halt == null ? Optional.empty() : halt;
    // ledgers written before events were recorded have none
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** A new, empty first attempt for this release tag. */
  public static Ledger start(String releaseTag, Instant now) {
    return start(releaseTag, now, 1);
  }

  /**
   * A new, empty attempt for this release tag; {@code attempt} counts the release's attempts from
   * 1.
   */
  public static Ledger start(String releaseTag, Instant now, int attempt) {
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    String id = ATTEMPT_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
    return new Ledger(
        SCHEMA_VERSION,
        releaseTag,
        id,
        attempt,
        now,
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  public Ledger withBaseline(Baseline baseline) {
    Map<String, Baseline> more = new LinkedHashMap<>(baselines);
    more.put(baseline.name(), baseline);
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        more,
        gates,
        phases,
        attestations,
        traffic,
        rollback,
        trafficOwner,
        halt,
        events);
  }

  public Ledger withGate(GateRecord gate) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        append(gates, gate),
        phases,
        attestations,
        traffic,
        rollback,
        trafficOwner,
        halt,
        events);
  }

  public Ledger withPhase(PhaseResult phase) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        append(phases, phase),
        attestations,
        traffic,
        rollback,
        trafficOwner,
        halt,
        events);
  }

  public Ledger withAttestation(Attestation attestation) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        phases,
        append(attestations, attestation),
        traffic,
        rollback,
        trafficOwner,
        halt,
        events);
  }

  public Ledger withRollback(RollbackRecord record) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        phases,
        attestations,
        traffic,
        Optional.of(record),
        trafficOwner,
        halt,
        events);
  }

  public Ledger withTraffic(TrafficStep step) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        phases,
        attestations,
        append(traffic, step),
        rollback,
        trafficOwner,
        halt,
        events);
  }

  /**
   * This ledger with {@code owner} as the phase run that moves the canary's traffic now, or none.
   */
  public Ledger withTrafficOwner(Optional<TrafficOwner> owner) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        phases,
        attestations,
        traffic,
        rollback,
        owner,
        halt,
        events);
  }

  /** This ledger with the halt policy's action recorded. */
  public Ledger withHalt(HaltRecord record) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        phases,
        attestations,
        traffic,
        rollback,
        trafficOwner,
        Optional.of(record),
        events);
  }

  /**
   * The hold in force, if the canary is held: a {@code hold} was recorded, no traffic step came
   * after it, and the attempt was not rolled back since. What the gate phase watches without the
   * lock.
   */
  public Optional<HaltRecord> heldCanary() {
    return halt.filter(h -> h.policy() == io.intelgraph.cutover.config.HaltPolicy.HOLD)
        .filter(h -> rollback.filter(RollbackRecord::claimedByARunner).isEmpty())
        .filter(
            h ->
                !traffic.isEmpty()
                    && !traffic.get(traffic.size() - 1).at().isAfter(h.at())
                    && canaryPercent() == h.canaryPercent());
  }

  /** The canary's share of traffic as last set, 0 before the canary phase. */
  public int canaryPercent() {
    return traffic.isEmpty() ? 0 : traffic.get(traffic.size() - 1).canaryPercent();
  }

  /**
   * The ramp's lock, if the cutover stands at it: the last traffic step is the {@link
   * TrafficStep#LOCKED} 100 % step. What the gate, KPI and closeout phases build on.
   */
  public Optional<TrafficStep> lockedStep() {
    if (traffic.isEmpty()) return Optional.empty();
    TrafficStep last = traffic.get(traffic.size() - 1);
    return last.locksTheRamp() ? Optional.of(last) : Optional.empty();
  }

  /** This ledger with {@code event} recorded after the others. */
  public Ledger withEvent(LedgerEvent event) {
    return new Ledger(
        schemaVersion,
        releaseTag,
        attemptId,
        attempt,
        startedAt,
        baselines,
        gates,
        phases,
        attestations,
        traffic,
        rollback,
        trafficOwner,
        halt,
        append(events, event));
  }

  /** The events of one kind, in the order they were recorded. */
  public List<LedgerEvent> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  /** The evaluations of one gate, oldest first. */
  public List<GateRecord> history(String gate) {
    return gates.stream().filter(g -> g.gate().equals(gate)).toList();
  }

  /**
   * The checks a phase made, as the times of its gate records (every gate of one check shares the
   * check's time), oldest first: {@code ledger.checks("gate").size() + 1} is the next gate check.
   */
  public List<Instant> checks(String phase) {
    return gates.stream()
        .filter(g -> g.phase().equals(phase))
        .map(GateRecord::at)
        .distinct()
        .sorted()
        .toList();
  }

  /** The latest result of each class that ran the phase, in the order they were recorded. */
  public List<PhaseResult> latestResults(String phase) {
    Map<String, PhaseResult> bySource = new LinkedHashMap<>();
    phases.stream()
        .filter(p -> p.phase().equals(phase))
        .forEach(
            p -> {
              bySource.remove(p.source());
              bySource.put(p.source(), p);
            });
    return List.copyOf(bySource.values());
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> more = new ArrayList<>(list);
    more.add(item);
    return more;
  }

  /**
   * The T-30 baselines as gates use them ({@link
   * io.intelgraph.cutover.gate.Baselines#fromRecorded}), named by this ledger's location and
   * attempt.
   */
  public io.intelgraph.cutover.gate.Baselines baselinesFor(
      String location, java.time.Duration rateWindow, String remedy) {
    return io.intelgraph.cutover.gate.Baselines.fromRecorded(
        baselines().values().stream()
            .map(
                b ->
                    new io.intelgraph.cutover.gate.Baselines.Recorded(
                        b.name(), b.value(), b.window(), b.at()))
            .toList(),
        "ledger %s (attempt %s)".formatted(location, attemptId()),
        rateWindow,
        remedy);
  }
}
