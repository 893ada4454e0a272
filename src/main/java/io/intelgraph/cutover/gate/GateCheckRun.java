package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gate checks of one phase: evaluates every gate now, judges each over its history (this
 * evaluation included), appends the check to the history and hands it on for the evidence.
 *
 * <pre>{@code
 * GateCheckRun run = GateCheckRun.prometheus(environment, history, "ramp", report -> attach(report));
 * GateReport report = run.checkUntilDecided(Scope.CANARY, "canary at 40 %", waits::until);
 * }</pre>
 *
 * <p>Design note: the verdict rules are a pure function of a gate's history; the history is the
 * {@link GateHistory}'s (the ledger's in a run), so a streak started by one runner (one Maven run)
 * is continued by the next. A gate's history is every earlier evaluation of it in this attempt,
 * whatever the phase or scope: a canary that failed its last ramp check and fails again in the
 * first gate check has failed twice in a row. Reading the history, judging and appending happen in
 * one {@link GateHistory#append}. Enforcing the verdict (failing the check, rolling back) is the
 * caller's.
 */
public final class GateCheckRun implements AutoCloseable {

  /** Where the evaluations come from: Prometheus in a run, a script in the suite's own tests. */
  @FunctionalInterface
  public interface GateSource extends AutoCloseable {
    List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines);

    @Override
    default void close() {}

    /**
     * This source's evaluations followed by {@code other}'s, at the same instant: a gate read from
     * another system than Prometheus (the policy engine) is judged, recorded and enforced in the
     * same check as the others. Closing closes both.
     */
    default GateSource and(GateSource other) {
      GateSource first = this;
      Objects.requireNonNull(other, "other");
      return new GateSource() {
        @Override
        public List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines) {
          List<GateEvaluation> all = new ArrayList<>(first.evaluate(scope, at, baselines));
          all.addAll(other.evaluate(scope, at, baselines));
          return List.copyOf(all);
        }

        @Override
        public void close() {
          try (GateSource closedSecond = other) {
            first.close();
          }
        }
      };
    }

    /** Every gate of the scope, evaluated against the environment's Prometheus. */
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

  /**
   * How to wait, bounded and with progress, until a follow-up check is due (returns at once if it
   * has passed).
   */
  @FunctionalInterface
  public interface FollowUpWait {
    void until(Instant due, String alias);
  }

  private final Environment environment;
  private final GateHistory history;
  private final String phase;
  private final GateSource source;
  private final Consumer<GateReport> checked;
  private final Clock clock;
  private final CheckCadence cadence;
  private final DecisionDesk desk;
  private volatile GateReport last;

  /**
   * @param phase the phase tag the checks are recorded under, e.g. {@code ramp}
   * @param checked gets every check once it is appended (its evidence); it runs before the verdict
   *     is enforced
   */
  public GateCheckRun(
      Environment environment,
      GateHistory history,
      String phase,
      GateSource source,
      Consumer<GateReport> checked,
      Clock clock) {
    this(environment, history, phase, source, checked, clock, DecisionDesk.NOBODY);
  }

  /**
   * As above, with the desk where a check that is RED only because it stayed inconclusive waits for
   * a person's decision when {@code escalation.decide} is {@code approval}.
   */
  public GateCheckRun(
      Environment environment,
      GateHistory history,
      String phase,
      GateSource source,
      Consumer<GateReport> checked,
      Clock clock,
      DecisionDesk desk) {
    this.desk = Objects.requireNonNull(desk, "desk");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.history = Objects.requireNonNull(history, "history");
    this.phase = Objects.requireNonNull(phase, "phase");
    this.source = Objects.requireNonNull(source, "source");
    this.checked = Objects.requireNonNull(checked, "checked");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cadence = new CheckCadence(environment.cadence());
  }

  /** The checks of one phase against the environment's Prometheus. */
  public static GateCheckRun prometheus(
      Environment environment, GateHistory history, String phase, Consumer<GateReport> checked) {
    return new GateCheckRun(
        environment,
        history,
        phase,
        GateSource.prometheus(environment),
        checked,
        Clock.systemUTC());
  }

  /**
   * Evaluates every gate of {@code scope} now, appends the check to the history (verdict and streak
   * of each gate over its history including this evaluation), hands it to {@code checked} and
   * returns it.
   *
   * <p>With {@code escalation.decide: approval}, a check that would be RED only because gates
   * stayed inconclusive ({@link VerdictRules#inconclusiveRed}, and no other gate RED) first waits
   * at the {@link DecisionDesk}, bounded, and is appended as decided: GO, ROLLBACK, or RED because
   * nobody decided in time.
   */
  public GateReport check(Scope scope) {
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<GateEvaluation> evaluations =
        source.evaluate(scope, at, history.baselines(environment.cadence().rateWindow()));
    if (evaluations.isEmpty()) {
      throw new IllegalStateException(
          "no gate to check in scope %s: environment %s defines no gates"
              .formatted(scope.label(), environment.name()));
    }
    Asked asked = null;
    if (environment.escalation() != null && environment.escalation().byApproval()) {
      Judged preview = history.read(past -> judged(past, scope, at, evaluations));
      if (!preview.undecided().isEmpty()) {
        DecisionDesk.Request request =
            new DecisionDesk.Request(phase, preview.report().number(), at, preview.undecided());
        asked = new Asked(request.check(), request.gates(), desk.await(request));
      }
    }
    Asked answer = asked;
    GateReport report =
        history.append(past -> decide(judged(past, scope, at, evaluations), answer));
    last = report;
    checked.accept(report);
    return report;
  }

  /**
   * Checks {@code scope} until it is decided, the way the runbook treats a YELLOW: keep watching,
   * change nothing. Returns at once on GREEN or RED (a critical gate, or the second consecutive
   * failure of the follow-up); a YELLOW is checked again after {@link
   * CheckCadence#followUpInterval()}, at most once per {@code gate_checks_at} entry, and the last
   * check is returned, YELLOW if it never settled.
   *
   * @param where what is being judged, for the progress lines, e.g. "canary at 40 %"
   */
  public GateReport checkUntilDecided(Scope scope, String where, FollowUpWait wait) {
    GateReport report = check(scope);
    for (int followUp = 1;
        report.verdict() == Verdict.YELLOW && followUp <= environment.cadence().gateChecks();
        followUp++) {
      wait.until(
          report.at().plus(cadence.followUpInterval()),
          "%s is YELLOW: keep watching, change nothing; follow-up check %d"
              .formatted(where, followUp));
      report = check(scope);
    }
    return report;
  }

  /** When this phase's checks may judge. */
  public CheckCadence cadence() {
    return cadence;
  }

  /** The latest check of this process, for progress lines. */
  public Optional<GateReport> last() {
    return Optional.ofNullable(last);
  }

  /** The current gate verdicts as one status line, for a bounded wait's progress. */
  public String status() {
    GateReport report = last;
    return report == null ? "no gate check yet" : "last " + report.summary();
  }

  /**
   * A check as the verdict rules judge it, and the RED verdicts a person may decide: every RED of
   * the check's release-judging gates when each is inconclusive, none when any RED is not (a BREACH
   * decides the check); shadow gates are neither.
   */
  private record Judged(GateReport report, List<GateVerdict> undecided) {}

  private Judged judged(
      GateHistory.Past past, Scope scope, Instant at, List<GateEvaluation> evaluations) {
    int number = past.checks(phase) + 1;
    VerdictRules.Rules rules = VerdictRules.Rules.from(environment.cadence());
    List<GateVerdict> verdicts = new ArrayList<>();
    List<GateVerdict> undecided = new ArrayList<>();
    boolean decidable = true;
    for (GateEvaluation evaluation : evaluations) {
      List<GateEvaluation> gateHistory = new ArrayList<>(past.history(evaluation));
      gateHistory.add(evaluation);
      GateVerdict verdict = VerdictRules.decide(gateHistory, rules, evaluation.evaluatedAt());
      verdicts.add(verdict);
      // a shadow gate never judges the release: nobody is asked about it, and its BREACH does not
      // decide the check
      if (evaluation.shadow()) continue;
      if (VerdictRules.inconclusiveRed(verdict, gateHistory)) {
        undecided.add(verdict);
      } else if (verdict.verdict() == Verdict.RED) {
        decidable = false;
      }
    }
    return new Judged(
        report(number, scope, at, evaluations, verdicts), decidable ? undecided : List.of());
  }

  /** What a person was asked about (check number, gates) and what came back, if anything. */
  private record Asked(int check, List<String> gates, Optional<HumanDecision> decision) {}

  /**
   * The check as a person decided it: each undecided RED of {@code judged} GO, ROLLBACK or RED for
   * want of a decision. Not asked (no wait was due when the check looked), the check stands as
   * judged. A decision holds only for the check and gates it was asked about: if another runner's
   * check came in between, or a gate the person was not shown turned RED, those get none.
   */
  private GateReport decide(Judged judged, Asked asked) {
    GateReport report = judged.report();
    if (asked == null || judged.undecided().isEmpty()) return report;
    Duration timeout = environment.escalation().decisionTimeout();
    Optional<HumanDecision> decision =
        asked.check() == report.number() ? asked.decision() : Optional.empty();
    List<GateVerdict> verdicts =
        report.verdicts().stream()
            .map(
                v ->
                    judged.undecided().contains(v)
                        ? VerdictRules.decided(
                            v,
                            asked.gates().contains(v.gate()) ? decision : Optional.empty(),
                            timeout)
                        : v)
            .toList();
    return report(report.number(), report.scope(), report.at(), report.evaluations(), verdicts);
  }

  private GateReport report(
      int number,
      Scope scope,
      Instant at,
      List<GateEvaluation> evaluations,
      List<GateVerdict> verdicts) {
    return new GateReport(
        phase,
        number,
        scope,
        at,
        evaluations,
        verdicts,
        VerdictRules.release(verdicts),
        environment.gatesSwitchedOff());
  }

  @Override
  public void close() {
    source.close();
  }
}
