package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Cadence;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The verdict rules of DESIGN.md as a pure function of one gate's outcome history: the ledger
 * stores the history, this decides. Same input, same verdict, on any runner.
 *
 * <pre>{@code
 * GateVerdict v = VerdictRules.decide(ledger.history("api_p95"), VerdictRules.Rules.from(env.cadence()), Instant.now());
 * ReleaseVerdict release = VerdictRules.release(List.of(v, ...));
 * }</pre>
 *
 * <p>Rules, in order: the latest evaluation PASSed: GREEN. Otherwise (any other outcome counts as a
 * failure, LOW_SAMPLE and NO_DATA included): a critical gate that BREACHed is RED at once; a streak
 * of two or more consecutive failures is RED; a single failure at least {@code escalationAfter} old
 * (measured from its evaluation to {@code now}) is RED; a younger single failure is YELLOW.
 *
 * <p>Why only a BREACH of a critical gate: a breach is evidence of harm (an auth bypass, the API
 * down). NO_DATA, STALE, LOW_SAMPLE and ERROR are evidence of nothing: a quiet night with too few
 * canary requests behind the auth ratio must not roll production back on its own. They still fail
 * closed, through the two-consecutive rule and the escalation time like on any other gate.
 *
 * <p>A shadow gate ({@code gates.<name>.shadow: true}) is decided by the same rules, so its own
 * verdict and streak say what it would have done, but {@link #release} leaves it out: a new gate
 * can be tried on a real cutover without being able to roll production back.
 */
public final class VerdictRules {

  /** The tunable part of the rules. */
  public record Rules(Duration escalationAfter) {
    public Rules {
      if (escalationAfter == null || escalationAfter.isNegative() || escalationAfter.isZero()) {
        throw new IllegalArgumentException(
            "escalation_after must be positive, got " + escalationAfter);
      }
    }

    public static Rules from(Cadence cadence) {
      return new Rules(cadence.escalationAfter());
    }
  }

  private VerdictRules() {}

  /**
   * The verdict on one gate.
   *
   * @param history the gate's evaluations, oldest first, at least one, all of the same gate
   * @param now the time of judgement, not before the latest evaluation
   */
  public static GateVerdict decide(List<GateEvaluation> history, Rules rules, Instant now) {
    Objects.requireNonNull(rules, "rules");
    if (history == null || history.isEmpty()) {
      throw new IllegalArgumentException(
          "a verdict needs at least one evaluation; evaluate the gate first");
    }
    GateEvaluation latest = history.get(history.size() - 1);
    for (int i = 0; i < history.size(); i++) {
      GateEvaluation e = history.get(i);
      if (!e.gate().equals(latest.gate())) {
        throw new IllegalArgumentException(
            "history mixes gates %s and %s; pass one gate's history"
                .formatted(e.gate(), latest.gate()));
      }
      if (i > 0 && history.get(i - 1).evaluatedAt().isAfter(e.evaluatedAt())) {
        throw new IllegalArgumentException(
            "history of %s is not oldest first: %s comes before %s"
                .formatted(latest.gate(), history.get(i - 1).evaluatedAt(), e.evaluatedAt()));
      }
    }
    int streak = 0;
    Instant since = null;
    for (int i = history.size() - 1; i >= 0 && !history.get(i).passed(); i--) {
      streak++;
      since = history.get(i).evaluatedAt();
    }
    return decide(latest, streak, since, rules, now);
  }

  /** The same rules given the streak already counted: replay keeps the count as it goes. */
  static GateVerdict decide(
      GateEvaluation latest, int streak, Instant breachSince, Rules rules, Instant now) {
    if (now.isBefore(latest.evaluatedAt())) {
      throw new IllegalArgumentException(
          "judgement time %s is before the latest evaluation of %s at %s"
              .formatted(now, latest.gate(), latest.evaluatedAt()));
    }
    if (latest.passed()) {
      return new GateVerdict(
          latest.gate(), Verdict.GREEN, 0, Optional.empty(), "latest check passed: GREEN", latest);
    }
    Optional<Instant> since = Optional.of(breachSince);
    if (latest.critical() && latest.outcome() == Outcome.BREACH) {
      return new GateVerdict(
          latest.gate(),
          Verdict.RED,
          streak,
          since,
          "critical gate failed (%s): RED".formatted(latest.outcome()),
          latest);
    }
    if (streak >= 2) {
      String count = streak == 2 ? "second consecutive failure" : streak + " consecutive failures";
      return new GateVerdict(latest.gate(), Verdict.RED, streak, since, count + ": RED", latest);
    }
    Duration age = Duration.between(breachSince, now);
    if (age.compareTo(rules.escalationAfter()) >= 0) {
      return new GateVerdict(
          latest.gate(),
          Verdict.RED,
          streak,
          since,
          "failing for %s, at least the %s escalation time: RED"
              .formatted(Durations.human(age), Durations.human(rules.escalationAfter())),
          latest);
    }
    return new GateVerdict(
        latest.gate(),
        Verdict.YELLOW,
        streak,
        since,
        "first failure, %s old (RED on the next failure or after %s): YELLOW"
            .formatted(Durations.human(age), Durations.human(rules.escalationAfter())),
        latest);
  }

  /**
   * True when {@code verdict} is RED only because an inconclusive outcome persisted: the latest
   * evaluation and every earlier failure of its streak are inconclusive ({@link
   * Outcome#isInconclusive}), none a BREACH. Such a RED may wait for a person ({@code
   * escalation.decide: approval}); a streak with a BREACH in it never does.
   *
   * @param history the gate's evaluations the verdict was decided over, oldest first
   */
  public static boolean inconclusiveRed(GateVerdict verdict, List<GateEvaluation> history) {
    if (verdict.verdict() != Verdict.RED || history.isEmpty()) return false;
    for (int i = history.size() - 1; i >= 0 && !history.get(i).passed(); i--) {
      if (!history.get(i).outcome().isInconclusive()) return false;
    }
    return true;
  }

  /**
   * The verdict on an inconclusive RED once a person was asked: GO makes it GREEN (decided GO, who
   * and when in the reason), ROLLBACK keeps it RED as decided, no decision keeps it RED saying
   * nobody decided within {@code timeout}. The streak, its start and the evaluation are kept.
   */
  public static GateVerdict decided(
      GateVerdict red, Optional<HumanDecision> decision, Duration timeout) {
    if (red.verdict() != Verdict.RED) {
      throw new IllegalArgumentException(
          "only a RED verdict is decided by a person; %s is %s"
              .formatted(red.gate(), red.verdict()));
    }
    String inconclusive =
        "inconclusive (%s), %s"
            .formatted(red.latest().outcome(), red.reason().replace(": RED", ""));
    if (decision.isEmpty()) {
      return withVerdict(
          red,
          Verdict.RED,
          "%s; nobody decided within the %s decision timeout: RED"
              .formatted(inconclusive, Durations.human(timeout)));
    }
    HumanDecision made = decision.get();
    return made.choice() == HumanDecision.Choice.GO
        ? withVerdict(
            red, Verdict.GREEN, "%s; decided %s: continue".formatted(inconclusive, made.describe()))
        : withVerdict(
            red, Verdict.RED, "%s; decided %s: RED".formatted(inconclusive, made.describe()));
  }

  private static GateVerdict withVerdict(GateVerdict verdict, Verdict to, String reason) {
    return new GateVerdict(
        verdict.gate(), to, verdict.streak(), verdict.breachSince(), reason, verdict.latest());
  }

  /**
   * The release verdict: the worst verdict of the gates that judge the release, naming the gates
   * that made it so. A shadow gate's verdict is its own and never counts, whatever it is (a
   * critical shadow gate's BREACH included); when one is not GREEN the reason says what it would
   * have done.
   */
  public static ReleaseVerdict release(Collection<GateVerdict> verdicts) {
    if (verdicts.isEmpty()) {
      throw new IllegalArgumentException("a release verdict needs at least one gate verdict");
    }
    List<GateVerdict> judging = verdicts.stream().filter(v -> !v.shadow()).toList();
    if (judging.isEmpty()) {
      throw new IllegalArgumentException(
          "a release verdict needs at least one gate that is not shadow; got only shadow gates %s"
              .formatted(verdicts.stream().map(GateVerdict::gate).toList()));
    }
    Verdict worst = Verdict.GREEN;
    for (GateVerdict v : judging) {
      worst = worst.worse(v.verdict());
    }
    Verdict verdict = worst;
    String reason =
        verdict == Verdict.GREEN
            ? "GREEN: all " + judging.size() + " gates passed"
            : verdict
                + ": "
                + judging.stream()
                    .filter(v -> v.verdict() == verdict)
                    .map(v -> "%s (%s)".formatted(v.gate(), v.reason()))
                    .collect(Collectors.joining(", "));
    String shadows =
        verdicts.stream()
            .filter(GateVerdict::shadow)
            .filter(v -> v.verdict() != Verdict.GREEN)
            .map(v -> "%s would be %s (%s)".formatted(v.gate(), v.verdict(), v.reason()))
            .collect(Collectors.joining(", "));
    if (!shadows.isEmpty()) reason += "; shadow, not judging the release: " + shadows;
    return new ReleaseVerdict(verdict, List.copyOf(verdicts), reason);
  }
}
