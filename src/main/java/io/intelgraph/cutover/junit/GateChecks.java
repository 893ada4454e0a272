package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.ReleaseVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.qameta.allure.Allure;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The gate check of a phase: evaluates every gate now, judges each over its history in the ledger
 * (this evaluation included), appends the records atomically, attaches the evidence to the report,
 * and says GREEN, YELLOW or RED. A check parameter, like {@link Environment}:
 *
 * <pre>{@code
 * @Test void errorRateCheck(GateChecks checks) {
 *   GateReport report = checks.check(Scope.CANARY);
 *   checks.requireGreen(report); // RED rolls back, YELLOW fails the check and changes nothing
 * }
 * }</pre>
 *
 * <p>Design note: the verdict rules are a pure function of a gate's history; the history is the
 * ledger's, so a streak started by one runner (one Maven run) is continued by the next. A gate's
 * history is every record of it in this attempt, whatever the phase or scope: a canary that failed
 * its last ramp check and fails again in the first gate check has failed twice in a row. Reading
 * the history, judging and appending happen in one {@link LedgerStore#update}, so two runners
 * checking at once cannot both count themselves "first failure".
 */
public final class GateChecks implements AutoCloseable {

  /** Where the evaluations come from: Prometheus in a run, a script in the suite's own tests. */
  @FunctionalInterface
  interface GateSource extends AutoCloseable {
    List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines);

    @Override
    default void close() {}

    static GateSource prometheus(Environment environment) {
      GateEvaluator evaluator = GateEvaluator.forEnvironment(environment);
      return new GateSource() {
        @Override
        public List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines) {
          return evaluator.evaluateAll(Gate.all(environment, scope), at, baselines);
        }

        @Override
        public void close() {
          evaluator.close();
        }
      };
    }
  }

  /** Where the evidence goes: the Allure report in a run. */
  @FunctionalInterface
  interface Attachments {
    void attach(String name, String type, String content, String extension);

    static Attachments allure() {
      return (name, type, content, extension) ->
          Allure.addAttachment(name, type, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), extension);
    }
  }


  private final Environment environment;
  private final LedgerStore ledger;
  private final String phase;
  private final GateSource source;
  private final Attachments attachments;
  private final Clock clock;
  private volatile GateReport last;

  GateChecks(Environment environment, LedgerStore ledger, String phase, GateSource source, Attachments attachments, Clock clock) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.phase = Objects.requireNonNull(phase, "phase");
    this.source = Objects.requireNonNull(source, "source");
    this.attachments = Objects.requireNonNull(attachments, "attachments");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The checks of one phase against the environment's Prometheus, evidence to Allure. */
  static GateChecks forPhase(Environment environment, LedgerStore ledger, Phase phase) {
    return new GateChecks(environment, ledger, phase.tag(), GateSource.prometheus(environment), Attachments.allure(), Clock.systemUTC());
  }

  /**
   * Evaluates every gate of {@code scope} now, appends one record per gate to the ledger (verdict and
   * streak over the gate's history including this evaluation), attaches the evidence and returns it.
   */
  public GateReport check(Scope scope) {
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<GateEvaluation> evaluations = source.evaluate(scope, at,
        ledger.read().baselinesFor(ledger.location(), environment.cadence().rateWindow(), Baselines.RUN_BASELINE_PHASE));
    if (evaluations.isEmpty()) {
      throw new IllegalStateException("no gate to check in scope %s: environment %s defines no gates".formatted(scope.label(), environment.name()));
    }
    AtomicReference<GateReport> judged = new AtomicReference<>();
    ledger.update(current -> {
      GateReport report = judge(current, scope, at, evaluations);
      judged.set(report);
      Ledger next = current;
      for (GateRecord record : report.records()) {
        next = next.withGate(record);
      }
      return next;
    });
    GateReport report = judged.get();
    last = report;
    attach(report);
    return report;
  }

  /**
   * Returns on GREEN; RED throws {@link RedVerdictException} (the wiring rolls back), YELLOW throws
   * {@link YellowVerdictException} (keep watching, change nothing). The message names each gate
   * with its value, threshold, time, streak, the rule that decided and the query.
   */
  public void requireGreen(GateReport report) {
    Verdict verdict = report.verdict();
    if (verdict == Verdict.GREEN) {
      return;
    }
    String gates = report.verdicts().stream().filter(v -> v.verdict() == verdict).map(GateChecks::describe)
        .collect(Collectors.joining("; "));
    String reason = "%s check #%d (%s) at %s is %s: %s".formatted(report.phase(), report.number(), report.scope().label(),
        report.at(), verdict, gates);
    if (verdict == Verdict.RED) {
      throw new RedVerdictException(reason);
    }
    throw new YellowVerdictException(reason + ". Keep watching, change nothing; the next failure of the same gate is RED");
  }

  /** One gate's verdict as a person can act on it: rule, value against threshold at time, streak, query. */
  static String describe(GateVerdict verdict) {
    return verdict.describe();
  }

  /** The latest check of this process, for progress lines. */
  public Optional<GateReport> last() {
    return Optional.ofNullable(last);
  }

  /** The current gate verdicts as one status line, for a {@link BoundedWait}. */
  public String status() {
    GateReport report = last;
    return report == null ? "no gate check yet" : "last " + report.summary();
  }

  /**
   * How long after a change (a new traffic weight, a failed check) a check first judges a rate
   * window of its own: the rate window plus two scrapes. Sooner, the window still holds traffic from
   * before the change: a ramp step would be judged partly on the previous step's traffic (or on the
   * security goldens' deliberate 401s), and a follow-up would count the failure it follows again.
   */
  public Duration freshWindow() {
    var cadence = environment.cadence();
    return cadence.rateWindow().plus(cadence.scrapeInterval().multipliedBy(2));
  }

  /**
   * How long after a failed check the next may judge: never sooner than {@code gate_interval}, nor
   * before {@link #freshWindow()}, so "two consecutive failures" are two, not one spike seen twice.
   * In production (15 min checks, 5 min windows) this is the gate interval.
   */
  public Duration followUpInterval() {
    Duration gateInterval = environment.cadence().gateInterval();
    return gateInterval.compareTo(freshWindow()) >= 0 ? gateInterval : freshWindow();
  }

  /**
   * Checks {@code scope} until it is decided, the way the runbook treats a YELLOW: keep watching,
   * change nothing. GREEN returns the report; RED throws {@link RedVerdictException} at once (a
   * critical gate, or the second consecutive failure of the follow-up); a YELLOW is checked again
   * after {@link #followUpInterval()}, at most {@code gate_checks} times, and a YELLOW that never
   * settles throws {@link YellowVerdictException}, so the caller does not advance.
   *
   * @param where what is being judged, for the progress lines, e.g. "canary at 40 %"
   */
  public GateReport checkUntilDecided(Scope scope, String where) {
    GateReport report = check(scope);
    for (int followUp = 1; report.verdict() == Verdict.YELLOW && followUp <= environment.cadence().gateChecks(); followUp++) {
      awaitNextCheck(report.at().plus(followUpInterval()),
          "%s is YELLOW: keep watching, change nothing; follow-up check %d".formatted(where, followUp));
      report = check(scope);
    }
    requireGreen(report);
    return report;
  }

  /** Waits (bounded, with progress and the current verdicts) until {@code due}; returns at once if it has passed. */
  public void awaitNextCheck(Instant due, String alias) {
    Duration left = Duration.between(clock.instant(), due);
    if (left.isNegative() || left.isZero()) return;
    BoundedWait.named(alias + " (due " + due + ")")
        .atMost(left.plusSeconds(5))
        .pollEvery(Duration.ofMillis(200))
        .progressEvery(environment.cadence().progressEvery())
        .status(this::status)
        .until(() -> !clock.instant().isBefore(due));
  }

  private GateReport judge(Ledger current, Scope scope, Instant at, List<GateEvaluation> evaluations) {
    int number = current.checks(phase).size() + 1;
    VerdictRules.Rules rules = VerdictRules.Rules.from(environment.cadence());
    List<GateVerdict> verdicts = new ArrayList<>();
    List<GateRecord> records = new ArrayList<>();
    for (GateEvaluation evaluation : evaluations) {
      List<GateEvaluation> history = new ArrayList<>();
      current.history(evaluation.gate()).forEach(record -> history.add(asEvaluation(record, evaluation)));
      history.add(evaluation);
      GateVerdict verdict = VerdictRules.decide(history, rules, evaluation.evaluatedAt());
      verdicts.add(verdict);
      records.add(record(evaluation, verdict, phase));
    }
    ReleaseVerdict release = VerdictRules.release(verdicts);
    return new GateReport(phase, number, scope, at, evaluations, verdicts, release, records);
  }

  /** An evaluation as the ledger keeps it. Non-finite values (NaN, Inf) stay in the raw answer only: JSON has no number for them. */
  static GateRecord record(GateEvaluation evaluation, GateVerdict verdict, String phase) {
    Optional<Double> value = evaluation.value().isPresent() && Double.isFinite(evaluation.value().getAsDouble())
        ? Optional.of(evaluation.value().getAsDouble()) : Optional.empty();
    return new GateRecord(evaluation.gate(), evaluation.scope().label(), evaluation.query(), evaluation.rawAnswer(), value,
        limits(evaluation), evaluation.outcome(),
        verdict.verdict(), verdict.streak(), evaluation.evaluatedAt(), phase);
  }

  /**
   * A ledger record as the verdict rules read history: only its gate, time and outcome count (the
   * latest evaluation, which is live, decides criticality and threshold).
   */
  private static GateEvaluation asEvaluation(GateRecord record, GateEvaluation latest) {
    Scope scope;
    try {
      scope = Scope.valueOf(record.scope().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknownScope) {
      scope = latest.scope(); // only the gate, time and outcome of a past record matter to the rules
    }
    OptionalDouble value = record.value().map(OptionalDouble::of).orElse(OptionalDouble.empty());
    return new GateEvaluation(record.gate(), scope, latest.critical(), record.at(), Outcome.valueOf(record.outcome().name()),
        value, latest.threshold(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        "%s %s at %s (ledger, %s)".formatted(record.gate(), record.outcome(), record.at(), record.phase()),
        List.of(new Evidence("value", record.query(), record.rawAnswer())));
  }

  /**
   * The limits an evaluation was judged by, as people read them: the threshold, and the baseline
   * limit when one applied, e.g. {@code <= 350 ms and <= 252 ms = baseline 210 ms + 20 % (...)}.
   */
  static String limits(GateEvaluation evaluation) {
    return evaluation.limits();
  }

  private void attach(GateReport report) {
    String name = "%s gate check #%d (%s) at %s: %s".formatted(report.phase(), report.number(), report.scope().label(), report.at(),
        report.verdict());
    attachments.attach(name + " (evidence)", "application/json", json(report), "json");
    attachments.attach(name, "text/markdown", markdown(report), "md");
  }

  static String json(GateReport report) {
    List<Map<String, Object>> gates = new ArrayList<>();
    for (int i = 0; i < report.evaluations().size(); i++) {
      GateEvaluation e = report.evaluations().get(i);
      GateVerdict v = report.verdicts().get(i);
      Map<String, Object> gate = new LinkedHashMap<>();
      gate.put("gate", e.gate());
      gate.put("scope", e.scope().label());
      gate.put("time", e.evaluatedAt().toString());
      gate.put("value", e.value().isPresent() ? number(e.value().getAsDouble()) : null);
      gate.put("threshold", e.threshold().toString());
      gate.put("baseline", e.baseline().orElse(null));
      if (e.versusStable().isPresent()) gate.put("versus_stable", e.versusStable().get());
      gate.put("outcome", e.outcome().name());
      gate.put("verdict", v.verdict().name());
      gate.put("streak", v.streak());
      gate.put("rule", v.reason());
      gate.put("detail", e.detail());
      List<Map<String, String>> questions = new ArrayList<>();
      e.evidence().forEach(q -> questions.add(Map.of("role", q.role(), "query", q.query(), "answer", q.answer())));
      gate.put("queries", questions);
      gates.add(gate);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("phase", report.phase());
    root.put("check", report.number());
    root.put("scope", report.scope().label());
    root.put("time", report.at().toString());
    root.put("verdict", report.verdict().name());
    root.put("reason", report.release().reason());
    root.put("gates", gates);
    return JsonMappers.PRETTY.writeValueAsString(root);
  }

  /** A number for JSON; NaN and infinities as the strings Prometheus uses. */
  private static Object number(double value) {
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
    return value;
  }

  static String markdown(GateReport report) {
    StringBuilder table = new StringBuilder()
        .append("**").append(report.phase()).append(" gate check #").append(report.number()).append("** (")
        .append(report.scope().label()).append(") at ").append(report.at()).append(": **").append(report.verdict()).append("**\n\n")
        .append("| gate | value | threshold | baseline limit | outcome | verdict | streak | time |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < report.evaluations().size(); i++) {
      GateEvaluation e = report.evaluations().get(i);
      GateVerdict v = report.verdicts().get(i);
      String value = e.value().isPresent() ? e.unit().format(e.value().getAsDouble()) : "none";
      String baseline = e.baseline().map(b -> b.describe(e.unit())).orElse("-");
      table.append("| ").append(e.gate()).append(" | ").append(value).append(" | ").append(e.threshold()).append(" | ")
          .append(baseline.replace("|", "\\|")).append(" | ").append(e.outcome()).append(" | ").append(v.verdict()).append(" | ").append(v.streak()).append(" | ")
          .append(e.evaluatedAt()).append(" |\n");
    }
    table.append("\n").append(report.release().reason().replace("|", "\\|")).append('\n');
    return table.toString();
  }

  @Override
  public void close() throws Exception {
    source.close();
  }
}
