package io.intelgraph.cutover.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.intelgraph.cutover.config.Cadence;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.ReleaseVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.rollback.Rollback;
import io.intelgraph.cutover.rollback.RollbackOutcome;
import io.intelgraph.cutover.rollback.RollbackPlan;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.api.FaultTuning;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Breach to rollback at the sandbox's compressed cadence ({@code sandbox.yaml}: 1 s scrapes, 15 s
 * rate window, a gate check every 5 s). The runs share one sandbox with the canary at 20 % (its
 * start, 30-60 s on 2 cores, was most of each run when every run started its own): before each run
 * after the first the canary is put back as the rollback found it (faults cleared, the canary
 * deployment at its replicas and ready, 20 % of the traffic) and one rate window and two scrapes
 * pass, so no sample of the previous breach is left in any window. Each run then runs gate checks
 * on the gate interval exactly as the gate phase does (evaluate every default gate, record each in
 * the ledger, judge each gate's history with {@link VerdictRules}), injects {@code canary-5xx}
 * immediately after the second GREEN check, and on the first RED release verdict triggers {@link
 * Rollback} (ledger claim, ingress and HTTPRoute to stable, canary scaled to 0, then verification).
 * It measures injection to RED, injection to verified rollback, and the rollback itself (its
 * actions, and actions plus verification).
 *
 * <p>The floor is what the configured cadence allows at best in the worst alignment: the time for
 * the canary's 5xx ratio over the rate window to pass 1 % (window x 1 % / the canary's error share:
 * 15 s x 0.01 / 0.30 = 0.5 s), plus one scrape interval for the samples to reach Prometheus, plus
 * two gate intervals (the first check that sees the breach can be up to one interval away, and
 * "twice consecutively" needs one more). Injecting just after a check, as here, the first check
 * after injection already sees it, so a loop that adds nothing lands just above two intervals.
 */
public final class BreachToRollbackBenchmark {

  private static final String SECTION = "3 breach to rollback";
  private static final int GREEN_CHECKS_BEFORE_BREACH = 2;
  private static final int CANARY_PERCENT = 20;

  private BreachToRollbackBenchmark() {}

  private record Run(
      double toRedMillis,
      double toVerifiedMillis,
      double actionsMillis,
      double rollbackMillis,
      String redBecause,
      boolean verified,
      String verification) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.breachRuns", 3);
    List<Run> results = new ArrayList<>();
    Duration floor = null;
    String floorText = "";
    try (BenchSandbox rig = BenchSandbox.atCanary(CANARY_PERCENT)) {
      Cadence cadence = rig.environment.cadence();
      double errorShare = FaultTuning.defaults().canaryErrorRatio();
      double ratioSeconds = cadence.rateWindow().toMillis() / 1000.0 * 0.01 / errorShare;
      floor =
          Duration.ofMillis(Math.round(ratioSeconds * 1000))
              .plus(cadence.scrapeInterval())
              .plus(cadence.gateInterval().multipliedBy(2));
      floorText =
          String.format(
              Locale.ROOT,
              "%.1f s = %.1f s (%d s window x 1 %% / %.0f %% canary 5xx) + %d s scrape + 2 x %d s gate interval",
              floor.toMillis() / 1000.0,
              ratioSeconds,
              cadence.rateWindow().toSeconds(),
              errorShare * 100,
              cadence.scrapeInterval().toSeconds(),
              cadence.gateInterval().toSeconds());
      int canaryReplicas = canaryDeployment(rig).get().getSpec().getReplicas();
      for (int i = 1; i <= runs; i++) {
        if (i > 1) rearm(rig, canaryReplicas);
        Run run = once(rig, Files.createTempDirectory("bench-ledger-").resolve("ledger.json"));
        BenchReport.progress(
            "run %d: RED after %.0f ms (%s), verified rollback after %.0f ms, actions %.0f ms, %s",
            i,
            run.toRedMillis(),
            run.redBecause(),
            run.toVerifiedMillis(),
            run.actionsMillis(),
            run.verification());
        results.add(run);
      }
    }
    double red = BenchReport.median(results.stream().map(Run::toRedMillis).toList());
    double verified = BenchReport.median(results.stream().map(Run::toVerifiedMillis).toList());
    double actions = BenchReport.median(results.stream().map(Run::actionsMillis).toList());
    double rollback = BenchReport.median(results.stream().map(Run::rollbackMillis).toList());
    double floorMillis = floor.toMillis();
    BenchReport.info(SECTION, "floor set by the cadence", floorText);
    BenchReport.info(
        SECTION,
        "injection -> RED verdict (median of %d)".formatted(runs),
        BenchReport.ms(red) + " (RED on: " + results.get(results.size() - 1).redBecause() + ")");
    BenchReport.info(
        SECTION,
        "injection -> rollback done and verified (median of %d)".formatted(runs),
        BenchReport.ms(verified));
    BenchReport.atMost(
        SECTION, "ratio measured / floor (RED)", red / floorMillis, 1.5, "%.2f", "<= 1.5");
    BenchReport.atMost(
        SECTION,
        "ratio measured / floor (verified rollback)",
        verified / floorMillis,
        1.5,
        "%.2f",
        "<= 1.5");
    BenchReport.atMost(
        SECTION,
        "rollback actions (ingress, httproute, scale), median",
        actions,
        1000,
        "%.0f ms",
        "< 1 s");
    BenchReport.info(
        SECTION,
        "rollback claim + actions + verification + ledger, median",
        BenchReport.ms(rollback));
    long unverified = results.stream().filter(r -> !r.verified()).count();
    BenchReport.row(
        SECTION,
        "rollbacks verified",
        "%d of %d".formatted(runs - unverified, runs)
            + (unverified > 0
                ? "; last failure: "
                    + results.stream()
                        .filter(r -> !r.verified())
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .verification()
                : ""),
        "all",
        unverified == 0 ? BenchReport.Status.MET : BenchReport.Status.MISSED);
  }

  /**
   * Undoes the previous run's rollback: faults cleared, the canary deployment back at its replicas
   * and every one ready before it takes traffic again, the canary at its weight; then one rate
   * window and two scrapes, so every gate's window holds only healthy samples again.
   */
  private static void rearm(BenchSandbox rig, int canaryReplicas) {
    rig.sandbox.faults().activate(Fault.HEALTHY);
    canaryDeployment(rig).scale(canaryReplicas);
    BoundedWait.named(
            "canary deployment %s at %d ready replicas again"
                .formatted(rig.environment.cluster().canaryDeployment(), canaryReplicas))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Integer ready = canaryDeployment(rig).get().getStatus().getReadyReplicas();
              return ready != null && ready == canaryReplicas;
            });
    rig.resource.router().setCanaryPercent(CANARY_PERCENT);
    rig.soak("healthy again at %d %% canary".formatted(CANARY_PERCENT));
  }

  private static RollableScalableResource<Deployment> canaryDeployment(BenchSandbox rig) {
    return rig.sandbox
        .kubernetes()
        .apps()
        .deployments()
        .inNamespace(rig.environment.cluster().namespace())
        .withName(rig.environment.cluster().canaryDeployment());
  }

  private static Run once(BenchSandbox rig, Path ledgerFile) {
    Environment environment = rig.environment;
    Clock clock = Clock.systemUTC();
    FileLedgerStore ledger = new FileLedgerStore(ledgerFile, environment.release().tag(), clock);
    Rollback rollback =
        new Rollback(
            ledger,
            RollbackPlan.of(environment, rig.sandbox.kubernetes(), List.of()),
            environment.name(),
            false,
            "bench",
            environment.rollback().lease(),
            clock);
    List<Gate> gates = Gate.all(environment, Scope.CANARY);
    VerdictRules.Rules rules = VerdictRules.Rules.from(environment.cadence());
    long interval = environment.cadence().gateInterval().toNanos();
    Map<String, List<GateEvaluation>> history = new LinkedHashMap<>();
    long injectedAt = 0;
    int greenChecks = 0;
    String notGreen = "";
    try (GateEvaluator evaluator = GateEvaluator.forEnvironment(environment)) {
      long nextCheck = System.nanoTime();
      for (int check = 0; check < 30; check++) {
        // the gate cadence is a schedule, not a wait for a condition: park until the next slot
        for (long left = nextCheck - System.nanoTime();
            left > 0;
            left = nextCheck - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
        nextCheck += interval;
        Instant now = clock.instant();
        List<GateVerdict> verdicts = new ArrayList<>();
        List<GateRecord> records = new ArrayList<>();
        for (GateEvaluation evaluation : evaluator.evaluateAll(gates, now, Baselines.none())) {
          List<GateEvaluation> own =
              history.computeIfAbsent(evaluation.gate(), g -> new ArrayList<>());
          own.add(evaluation);
          GateVerdict verdict = VerdictRules.decide(own, rules, now);
          verdicts.add(verdict);
          records.add(record(evaluation, verdict));
        }
        ledger.update(
            l -> {
              Ledger updated = l;
              for (GateRecord r : records) updated = updated.withGate(r);
              return updated;
            });
        ReleaseVerdict release = VerdictRules.release(verdicts);
        if (injectedAt == 0) {
          if (release.verdict() != Verdict.GREEN) {
            // a busy machine can push the healthy sandbox's latency over a gate for a check (the
            // sections beside this one, other work); the breach waits for two GREENs in a row
            BenchReport.progress(
                "healthy sandbox not GREEN at check %d, waiting for two GREENs in a row: %s",
                check + 1, release.reason());
            notGreen = release.reason();
            greenChecks = 0;
            continue;
          }
          if (++greenChecks == GREEN_CHECKS_BEFORE_BREACH) {
            rig.sandbox.faults().activate(Fault.CANARY_5XX);
            injectedAt = System.nanoTime();
          }
          continue;
        }
        if (release.verdict() == Verdict.RED) {
          long redAt = System.nanoTime();
          String because =
              release.gates().stream()
                  .filter(v -> v.verdict() == Verdict.RED)
                  .map(v -> v.gate() + ": " + v.reason())
                  .reduce((a, b) -> a + "; " + b)
                  .orElse("");
          RollbackOutcome outcome = rollback.trigger(release.reason(), "BreachToRollbackBenchmark");
          long doneAt = System.nanoTime();
          List<ActionResult> actions = outcome.record().actions();
          double actionsMillis =
              actions.isEmpty()
                  ? Double.NaN
                  : Duration.between(
                              actions.get(0).started(), actions.get(actions.size() - 1).finished())
                          .toNanos()
                      / 1e6;
          Optional<String> failedCheck =
              outcome
                  .record()
                  .verification()
                  .flatMap(v -> v.checks().stream().filter(c -> c.contains("FAILED")).findFirst());
          boolean verified =
              outcome.succeeded()
                  && outcome.record().verification().map(v -> v.passed()).orElse(false);
          return new Run(
              (redAt - injectedAt) / 1e6,
              (doneAt - injectedAt) / 1e6,
              actionsMillis,
              (doneAt - redAt) / 1e6,
              because,
              verified,
              verified ? "verified" : failedCheck.orElse(outcome.record().summary()));
        }
      }
    } finally {
      rig.sandbox.faults().activate(Fault.HEALTHY);
    }
    throw new IllegalStateException(
        injectedAt == 0
            ? "the healthy sandbox was not GREEN twice in a row in 30 gate checks; last: "
                + notGreen
            : "no RED verdict within 30 gate checks of injecting canary-5xx");
  }

  private static GateRecord record(GateEvaluation e, GateVerdict v) {
    Optional<Double> value =
        e.value().isPresent() ? Optional.of(e.value().getAsDouble()) : Optional.empty();
    return new GateRecord(
        e.gate(),
        e.scope().label(),
        e.query(),
        e.rawAnswer(),
        value,
        e.threshold().toString(),
        e.outcome(),
        v.verdict(),
        v.streak(),
        e.evaluatedAt());
  }
}
