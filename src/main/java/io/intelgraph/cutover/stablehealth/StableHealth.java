package io.intelgraph.cutover.stablehealth;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.GateHistory;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.SamplingReport;
import io.intelgraph.cutover.golden.ServingTrack;
import io.intelgraph.cutover.ledger.LedgerGateHistory;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.rollback.RecoveryProof;
import io.intelgraph.cutover.rollback.RollbackPlan;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Proves that the stable track serves after the rollback moved the traffic back: waits, at most
 * {@code rollback.recovery_timeout}, until one judgement finds every critical gate and every gate
 * of {@code rollback.recovery_gates} (the 5xx ratio and p95 by default) GREEN on the stable scope,
 * on traffic after the switch, and then the entity-write golden passing against the public API,
 * which only stable serves now (a run the track header names as canary fails it).
 *
 * <p>Design note: "after the switch" is the rate window. Each judgement resolves the gates with a
 * window that starts at the switch (the time since it, capped at the cadence's rate window), so no
 * pre-switch request, canary or stable, is in the value; a judgement waits until that window holds
 * at least {@value #MIN_SCRAPES_IN_WINDOW} scrapes. GREEN is the verdict rules' GREEN of that one
 * evaluation: NO_DATA, STALE, LOW_SAMPLE and ERROR are not healthy, so a stable nobody can see is
 * never DONE, it is DONE_UNHEALTHY at the timeout with the outcome as the reason. The golden runs
 * only once the gates are GREEN (it writes to production). Relative limits use this attempt's T-30
 * baselines from the ledger, as the gate checks do.
 *
 * <pre>{@code
 * RollbackPlan plan = StableHealth.rollbackPlan(environment, kubernetes, ledger);   // the run of show, the rollback command
 * StableRecovery stable = StableHealth.forEnvironment(environment, ledger).prove(switchedAt);
 * }</pre>
 */
public final class StableHealth implements RecoveryProof {

  /** A window with fewer scrapes cannot hold two samples of a counter for rate(). */
  static final int MIN_SCRAPES_IN_WINDOW = 3;

  /**
   * Evaluates resolved gates at an instant: the environment's Prometheus, or a script in the
   * suite's tests.
   */
  @FunctionalInterface
  public interface GateProbe {
    List<GateEvaluation> evaluate(List<Gate> gates, Instant at);
  }

  /** What one run of the API golden against stable found. */
  public record GoldenCheck(boolean passed, String summary) {
    public GoldenCheck {
      Objects.requireNonNull(summary, "summary");
    }
  }

  /** One judgement: healthy, or what is not (yet). */
  record Judgement(Instant at, List<String> held, List<String> stillWrong) {
    boolean healthy() {
      return stillWrong.isEmpty();
    }

    String status() {
      return healthy() ? "healthy" : String.join("; ", stillWrong);
    }
  }

  private final List<GateSpec> gates;
  private final Duration rateWindow;
  private final Duration minWindow;
  private final Duration poll;
  private final PrometheusSettings.Selectors selectors;
  private final VerdictRules.Rules rules;
  private final Duration timeout;
  private final GateProbe gateProbe;
  private final Supplier<GoldenCheck> golden;
  private final Clock clock;

  StableHealth(
      List<GateSpec> gates,
      Duration rateWindow,
      Duration scrapeInterval,
      PrometheusSettings.Selectors selectors,
      VerdictRules.Rules rules,
      Duration timeout,
      GateProbe gateProbe,
      Supplier<GoldenCheck> golden,
      Clock clock) {
    if (gates.isEmpty())
      throw new IllegalArgumentException("stable's health needs at least one gate to judge");
    this.gates = List.copyOf(gates);
    this.rateWindow = rateWindow;
    Duration scrapes = scrapeInterval.multipliedBy(MIN_SCRAPES_IN_WINDOW);
    this.minWindow = scrapes.compareTo(rateWindow) < 0 ? scrapes : rateWindow;
    this.poll = scrapeInterval;
    this.selectors = selectors;
    this.rules = rules;
    this.timeout = timeout;
    this.gateProbe = gateProbe;
    this.golden = golden;
    this.clock = clock;
  }

  /**
   * The cutover's rollback plan: the environment's actions, verified on the cluster, then this
   * proof against the environment's Prometheus and API. The one place the run of show and the
   * {@code rollback} command get it from.
   */
  public static RollbackPlan rollbackPlan(
      Environment environment, KubernetesClient kubernetes, LedgerStore ledger) {
    return RollbackPlan.of(environment, kubernetes, List.of(), forEnvironment(environment, ledger));
  }

  /**
   * The proof against the environment's Prometheus (baselines from {@code ledger}) and its public
   * API.
   */
  public static StableHealth forEnvironment(Environment environment, LedgerStore ledger) {
    GateEvaluator evaluator = GateEvaluator.forEnvironment(environment);
    GateHistory history = new LedgerGateHistory(ledger);
    Duration rateWindow = environment.cadence().rateWindow();
    GateProbe probe =
        (gates, at) -> evaluator.evaluateAll(gates, at, baselines(history, rateWindow));
    // built once: its login is reused across judgements until the token is about to expire
    GoldenSuite goldens = GoldenSuite.forEnvironment(environment);
    return new StableHealth(
        judged(environment),
        rateWindow,
        environment.cadence().scrapeInterval(),
        environment.prometheus().selectors(),
        VerdictRules.Rules.from(environment.cadence()),
        environment.rollback().recoveryTimeout(),
        probe,
        () -> entityWrite(goldens),
        Clock.systemUTC());
  }

  /**
   * Every critical gate and every gate {@code rollback.recovery_gates} names, in the file's order;
   * an unknown name is refused, and so is a shadow gate (a critical shadow gate is left out).
   */
  static List<GateSpec> judged(Environment environment) {
    Set<String> named = Set.copyOf(environment.rollback().recoveryGates());
    List<String> unknown =
        environment.rollback().recoveryGates().stream()
            .filter(name -> !environment.gates().containsKey(name))
            .toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          ("environment %s: rollback.recovery_gates names %s, which are not gates (%s)."
                  + " Name gates of `gates:` (e.g. [error_ratio_5xx, api_p95]) or remove the key")
              .formatted(
                  environment.name(),
                  unknown,
                  unknown.stream().map(environment::whyNoGate).toList()));
    }
    List<String> shadow =
        environment.rollback().recoveryGates().stream()
            .filter(name -> environment.gates().get(name).shadow())
            .toList();
    if (!shadow.isEmpty()) {
      throw new ConfigException(
          ("environment %s: rollback.recovery_gates names %s, which are shadow gates: a shadow gate"
                  + " never decides anything, a rollback's recovery included. Remove them from"
                  + " rollback.recovery_gates, or set gates.<name>.shadow: false")
              .formatted(environment.name(), shadow));
    }
    // a critical shadow gate is still shadow: it does not judge stable's recovery either
    List<GateSpec> judged =
        environment.gates().values().stream()
            .filter(spec -> (spec.critical() && !spec.shadow()) || named.contains(spec.name()))
            .toList();
    if (judged.isEmpty()) {
      throw new ConfigException(
          ("environment %s: no gate would judge stable after a rollback (no critical gate, rollback.recovery_gates empty);"
                  + " name the 5xx and p95 gates, e.g. rollback.recovery_gates: [error_ratio_5xx, api_p95]")
              .formatted(environment.name()));
    }
    return judged;
  }

  private static Baselines baselines(GateHistory history, Duration rateWindow) {
    try {
      return history.baselines(rateWindow);
    } catch (RuntimeException e) {
      // an unreadable ledger must not stop the proof: a gate with a relative limit is then ERROR,
      // never a pass
      return Baselines.none(
          "the ledger's baselines could not be read (%s); fix the ledger"
              .formatted(e.getMessage()));
    }
  }

  private static GoldenCheck entityWrite(GoldenSuite goldens) {
    SamplingReport write = goldens.entityWrite();
    int onCanary = write.runsByTrack().getOrDefault(ServingTrack.CANARY, 0);
    if (onCanary > 0) {
      return new GoldenCheck(
          false,
          "%d run(s) were served by the canary, so they prove nothing about stable: %s"
              .formatted(onCanary, write.summary()));
    }
    return new GoldenCheck(write.passed(), write.summary());
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  /**
   * Waits (at most {@code rollback.recovery_timeout}, printing progress) for a healthy judgement of
   * stable on traffic after {@code switchedAt}; the recovery is the first healthy judgement, or the
   * last one when the time ran out.
   */
  @Override
  public StableRecovery prove(Instant switchedAt) {
    AtomicReference<Judgement> last = new AtomicReference<>();
    try {
      BoundedWait.named("stable proven healthy after the rollback")
          .atMost(timeout)
          .pollEvery(poll)
          .progressEvery(Duration.ofSeconds(10))
          .status(() -> last.get() == null ? "not judged yet" : last.get().status())
          .until(
              () -> {
                Judgement judgement = judge(switchedAt);
                last.set(judgement);
                return judgement.healthy();
              });
    } catch (WaitTimeoutException timedOut) {
      // the last judgement says what is still wrong; an unhealthy recovery is the result, not an
      // error
    }
    Judgement end = last.get() != null ? last.get() : judge(switchedAt);
    return end.healthy()
        ? StableRecovery.healthy(switchedAt, end.at(), timeout, end.held())
        : StableRecovery.unhealthy(switchedAt, end.at(), timeout, end.held(), end.stillWrong());
  }

  /**
   * Judges stable once, now: the gates on a window that starts at the switch, then (if they are
   * GREEN) the golden.
   */
  Judgement judge(Instant switchedAt) {
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // both at the same precision: a judgement in the switch's own millisecond is not a second short
    Duration sinceSwitch =
        Duration.between(switchedAt.truncatedTo(ChronoUnit.MILLIS), at)
            .truncatedTo(ChronoUnit.SECONDS);
    if (sinceSwitch.compareTo(minWindow) < 0) {
      return new Judgement(
          at,
          List.of(),
          List.of(
              "no judgement yet: %d s of post-switch traffic, a window needs %d s (%d scrapes)"
                  .formatted(
                      sinceSwitch.toSeconds(), minWindow.toSeconds(), MIN_SCRAPES_IN_WINDOW)));
    }
    Duration window = sinceSwitch.compareTo(rateWindow) < 0 ? sinceSwitch : rateWindow;
    List<Gate> resolved =
        gates.stream().map(spec -> Gate.resolve(spec, Scope.STABLE, window, selectors)).toList();
    List<String> held = new ArrayList<>();
    List<String> stillWrong = new ArrayList<>();
    List<GateEvaluation> evaluations;
    try {
      evaluations = gateProbe.evaluate(resolved, at);
    } catch (RuntimeException e) {
      return new Judgement(
          at, List.of(), List.of("the stable gates could not be evaluated: " + e.getMessage()));
    }
    for (GateEvaluation evaluation : evaluations) {
      GateVerdict verdict = VerdictRules.decide(List.of(evaluation), rules, at);
      String line =
          "%s[stable] %s %s (window %ds since the switch): %s"
              .formatted(
                  evaluation.gate(),
                  verdict.verdict(),
                  evaluation.outcome(),
                  window.toSeconds(),
                  evaluation.detail());
      (verdict.verdict() == Verdict.GREEN ? held : stillWrong).add(line);
    }
    if (!stillWrong.isEmpty()) {
      return new Judgement(at, held, stillWrong);
    }
    GoldenCheck check;
    try {
      check = golden.get();
    } catch (RuntimeException e) {
      check = new GoldenCheck(false, "the golden could not run: " + e.getMessage());
    }
    (check.passed() ? held : stillWrong)
        .add(
            "golden against stable %s: %s"
                .formatted(check.passed() ? "passed" : "FAILED", check.summary()));
    return new Judgement(at, held, stillWrong);
  }
}
