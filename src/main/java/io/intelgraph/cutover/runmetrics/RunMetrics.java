package io.intelgraph.cutover.runmetrics;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One attempt's facts as gauges, read from its ledger: what a Pushgateway holds for the attempt and
 * what the T+120 bundle seals as {@code cutover_metrics.txt}. Every series carries the attempt's
 * identity ({@code release}, {@code environment}, {@code attempt}): in the evidence as labels, at
 * the Pushgateway as its grouping key, so each cutover is a group of its own and a query can count
 * cutovers.
 *
 * <ul>
 *   <li>{@code maestro_cutover_attempt{attempt_id}}: the attempt's number; {@code
 *       maestro_cutover_attempt_start_timestamp_seconds}
 *   <li>{@code maestro_cutover_phase_results{phase,status}}: classes of the phase whose latest
 *       result has the status; {@code maestro_cutover_phase_duration_seconds{phase}}
 *   <li>{@code maestro_cutover_gate_evaluation{gate,scope,phase,check,outcome,verdict}} = 1 per
 *       gate evaluation, {@code maestro_cutover_gate_value{...}} its value when it had one, {@code
 *       maestro_cutover_gate_verdict{gate,verdict}} each gate's latest verdict
 *   <li>{@code maestro_cutover_release_verdict{verdict}} = 1: the worst verdict any gate reached
 *       (none before the first evaluation)
 *   <li>{@code maestro_cutover_rollbacks}: 0 or 1; {@code
 *       maestro_cutover_rollback_state{state,reason,dry_run}} = 1 and {@code
 *       maestro_cutover_rollback_duration_seconds} (request to finish) once there is one
 * </ul>
 *
 * <pre>{@code
 * RunMetrics metrics = RunMetrics.of(ledger, env.name(), redactor::redact);
 * String evidence = metrics.openMetrics();
 * }</pre>
 */
public final class RunMetrics {

  /**
   * Recording rules over the pushed metrics, shipped in the jar: DORA's change failure rate and
   * mean time to restore per environment ({@code
   * environment:maestro_cutover_change_failure_rate:ratio}, {@code
   * environment:maestro_cutover_time_to_restore_seconds:mean}).
   */
  public static final String DORA_RULES = "/io/intelgraph/cutover/runmetrics/dora-rules.yml";

  /** The Pushgateway job of every cutover's group. */
  public static final String JOB = "maestro_cutover";

  /**
   * A rollback's reason is a label: kept to its first line and this many characters, so its
   * cardinality stays that of the reasons, not of their details.
   */
  static final int REASON_LENGTH = 80;

  private static final String PREFIX = "maestro_cutover_";

  private final Map<String, String> identity;
  private final List<Exposition.Family> families;

  private RunMetrics(Map<String, String> identity, List<Exposition.Family> families) {
    this.identity = identity;
    this.families = families;
  }

  /**
   * The facts of {@code ledger}'s attempt in {@code environment}; {@code redact} removes secrets
   * from the free text that becomes a label (a rollback's reason).
   */
  public static RunMetrics of(Ledger ledger, String environment, UnaryOperator<String> redact) {
    Map<String, String> identity = new LinkedHashMap<>();
    identity.put("release", ledger.releaseTag());
    identity.put("environment", environment);
    identity.put("attempt", Integer.toString(ledger.attempt()));
    List<Exposition.Family> families = new ArrayList<>();
    families.add(
        family(
            "attempt",
            "Which attempt of the release this is, counting from 1; attempt_id names it in the ledger",
            List.of(sample(ledger.attempt(), "attempt_id", ledger.attemptId()))));
    families.add(
        family(
            "attempt_start_timestamp_seconds",
            "When the attempt started, Unix time",
            List.of(sample(seconds(ledger.startedAt())))));
    phases(ledger, families);
    gates(ledger, families);
    rollback(ledger, redact, families);
    return new RunMetrics(identity, List.copyOf(families));
  }

  private static void phases(Ledger ledger, List<Exposition.Family> families) {
    List<Exposition.Sample> results = new ArrayList<>();
    List<Exposition.Sample> durations = new ArrayList<>();
    ledger.phases().stream()
        .map(PhaseResult::phase)
        .distinct()
        .forEach(
            phase -> {
              List<PhaseResult> latest = ledger.latestResults(phase);
              Map<PhaseResult.Status, Long> byStatus = new TreeMap<>();
              latest.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
              byStatus.forEach(
                  (status, count) ->
                      results.add(sample(count, "phase", phase, "status", status.name())));
              durations.add(
                  sample(
                      latest.stream()
                              .mapToLong(
                                  r -> Duration.between(r.started(), r.finished()).toMillis())
                              .sum()
                          / 1000.0,
                      "phase",
                      phase));
            });
    families.add(
        family(
            "phase_results",
            "Classes of the phase whose latest result has this status (PASSED, PASSED_WITH_SKIPS, FAILED, BROKEN, SKIPPED, REFUSED)",
            results));
    families.add(
        family(
            "phase_duration_seconds",
            "How long the latest run of the phase's classes took, summed",
            durations));
  }

  private static void gates(Ledger ledger, List<Exposition.Family> families) {
    // one series per gate, scope, phase and check: a record written twice for one check counts once
    Map<List<String>, Exposition.Sample> evaluations = new LinkedHashMap<>();
    Map<List<String>, Exposition.Sample> values = new LinkedHashMap<>();
    Map<String, GateRecord> latest = new LinkedHashMap<>();
    Map<String, List<Instant>> checksByPhase = new LinkedHashMap<>();
    for (GateRecord record : ledger.gates()) {
      List<Instant> checks = checksByPhase.computeIfAbsent(record.phase(), ledger::checks);
      String phase = record.phase().isEmpty() ? "unrecorded" : record.phase();
      String check = Integer.toString(checks.indexOf(record.at()) + 1);
      List<String> series = List.of(record.gate(), record.scope(), phase, check);
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("gate", record.gate());
      labels.put("scope", record.scope());
      labels.put("phase", phase);
      labels.put("check", check);
      labels.put("outcome", record.outcome().name());
      labels.put("verdict", record.verdict().name());
      // a shadow gate's series say so: its verdicts never judged the release
      if (record.shadow()) labels.put("shadow", "true");
      evaluations.put(series, new Exposition.Sample(labels, 1));
      values.remove(series);
      record.value().ifPresent(value -> values.put(series, new Exposition.Sample(labels, value)));
      latest.merge(record.gate(), record, (a, b) -> b.at().isBefore(a.at()) ? a : b);
    }
    families.add(
        family(
            "gate_evaluation",
            "One gate evaluation of a check (1), with its outcome and the gate's verdict after it",
            List.copyOf(evaluations.values())));
    families.add(
        family(
            "gate_value",
            "The number a gate evaluation read, in the gate's unit; absent when there was none (NO_DATA, ERROR)",
            List.copyOf(values.values())));
    families.add(
        family(
            "gate_verdict",
            "Each gate's latest verdict (1)",
            latest.values().stream()
                .map(
                    r ->
                        r.shadow()
                            ? sample(
                                1,
                                "gate",
                                r.gate(),
                                "verdict",
                                r.verdict().name(),
                                "shadow",
                                "true")
                            : sample(1, "gate", r.gate(), "verdict", r.verdict().name()))
                .toList()));
    families.add(
        family(
            "release_verdict",
            "The release verdict (1): the worst verdict any gate judging the release (not a shadow gate) reached in the attempt; absent before the first such evaluation",
            ledger.gates().stream()
                .filter(record -> !record.shadow())
                .map(GateRecord::verdict)
                .max(Comparator.naturalOrder())
                .map(Verdict::name)
                .map(verdict -> List.of(sample(1, "verdict", verdict)))
                .orElse(List.of())));
  }

  private static void rollback(
      Ledger ledger, UnaryOperator<String> redact, List<Exposition.Family> families) {
    families.add(
        family(
            "rollbacks",
            "Rollbacks of the attempt: 0 or 1 (a rollback runs at most once per attempt)",
            List.of(sample(ledger.rollback().isPresent() ? 1 : 0))));
    if (ledger.rollback().isEmpty()) return;
    RollbackRecord record = ledger.rollback().get();
    families.add(
        family(
            "rollback_state",
            "The attempt's rollback (1): its state, its reason (first line, shortened, redacted) and whether it was a dry run",
            List.of(
                sample(
                    1,
                    "state",
                    record.state().name(),
                    "reason",
                    reason(record.reason(), redact),
                    "dry_run",
                    Boolean.toString(record.dryRun())))));
    families.add(
        family(
            "rollback_duration_seconds",
            "From the rollback's request to its finish: the time to restore; absent while it runs",
            record.finishedAt().stream()
                .map(end -> sample(Duration.between(record.requestedAt(), end).toMillis() / 1000.0))
                .toList()));
  }

  /**
   * A reason as a label: redacted, its first line, whitespace collapsed, at most {@value
   * #REASON_LENGTH} characters.
   */
  static String reason(String reason, UnaryOperator<String> redact) {
    String line =
        redact.apply(reason).lines().findFirst().orElse("").strip().replaceAll("\\s+", " ");
    return line.length() <= REASON_LENGTH
        ? line
        : line.substring(0, REASON_LENGTH - 1).strip() + "\u2026";
  }

  /** The labels that name the attempt: release, environment, attempt (in that order). */
  public Map<String, String> identity() {
    return java.util.Collections.unmodifiableMap(identity);
  }

  /** How many series there are. */
  public int series() {
    return families.stream().mapToInt(f -> f.samples().size()).sum();
  }

  /** OpenMetrics text with the attempt's labels on every series, as the evidence seals it. */
  public String openMetrics() {
    return Exposition.OPENMETRICS.render(families, identity);
  }

  /**
   * Prometheus text without the attempt's labels, as pushed: the Pushgateway adds its grouping key
   * ({@link #identity()}) to every series.
   */
  public String pushBody() {
    return Exposition.PROMETHEUS_TEXT.render(families, Map.of());
  }

  private static Exposition.Family family(
      String name, String help, List<Exposition.Sample> samples) {
    return new Exposition.Family(PREFIX + name, help, samples);
  }

  private static Exposition.Sample sample(double value, String... labelPairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
    return new Exposition.Sample(labels, value);
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }
}
