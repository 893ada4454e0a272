package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.assertions.CutoverAssertions;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.SamplingReport;
import io.intelgraph.cutover.golden.SecurityFindings;
import io.intelgraph.cutover.junit.Blocking;
import io.intelgraph.cutover.junit.GateChecks;
import io.intelgraph.cutover.junit.InconclusiveCheckException;
import io.intelgraph.cutover.junit.RampPhase;
import io.intelgraph.cutover.junit.RedVerdictException;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.preflight.PolicyEngineGate;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * T-0 Phase 2 and 3 of the run of show: the traffic ramp (40 %, 60 %, 80 %), then full traffic.
 *
 * <p>Every step moves the canary's weight (drive mode) or waits for someone else to (observe mode),
 * records the step in the ledger, soaks for {@code cadence.soak} (at least one rate window plus two
 * scrapes, so the step is judged on its own traffic) and judges the canary's gates. A YELLOW means
 * keep watching and change nothing: the step is judged again after the follow-up interval and does
 * not advance until it is GREEN; a second consecutive failure is RED and rolls back. The ramp runs
 * only after a canary phase that passed (the ledger's phase results; the phase guard refuses it
 * otherwise, with the reason).
 *
 * <p>"Locked to production configuration" means, concretely: the ingress (and the HTTPRoute, if
 * any) sends 100 % to the canary service and 0 to every other group, the ingress carries {@value
 * #LOCK_ANNOTATION}{@code =true} (set here in drive mode, required in observe mode), and the ledger
 * records a traffic step of 100 % with phase {@code locked}.
 */
@RampPhase
@DisplayName("T-0 Phase 2/3: traffic ramp and full traffic cutover")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RampTest {

  static final String LOCK_ANNOTATION = "maestro.intelgraph.ai/locked";
  static final String LOCKED_STEP = TrafficStep.LOCKED;
  private static final String P95 = "api_p95";
  private static final String ERRORS = "error_ratio_5xx";

  /** What each step's canary check decided, by canary percent. */
  private final Map<Integer, GateReport> judged = new HashMap<>();

  /** Built once per run: it logs in once per tenant and keeps the tokens. */
  private GoldenSuite goldens;

  /**
   * What a ramp line is given: the run's environment, cluster, ledger and the phase's gate checks.
   */
  record Run(
      Environment environment,
      KubernetesClient kubernetes,
      LedgerStore ledger,
      GateChecks checks) {}

  /**
   * One runbook line of one ramp step: its name is the test's name, its check one of the line
   * methods below.
   */
  record RampLine(int percent, String title, Check check) {
    @FunctionalInterface
    interface Check {
      void run(RampTest test, int percent, Run run);
    }

    @Override
    public String toString() {
      return title;
    }
  }

  /**
   * Each intermediate step's lines in the runbook's order (traffic, gates, SLO, 5xx), the policy
   * engine, then the goldens.
   */
  static Stream<RampLine> rampLines(Environment environment) {
    String p95 = threshold(environment, P95);
    String errors = threshold(environment, ERRORS);
    return intermediateSteps(environment).stream()
        .flatMap(
            percent ->
                Stream.of(
                    new RampLine(
                        percent, "%d%% traffic active".formatted(percent), RampTest::trafficActive),
                    new RampLine(
                        percent,
                        "Canary gates at %d%%: soak, then GREEN (YELLOW: keep watching, change nothing)"
                            .formatted(percent),
                        RampTest::canaryGates),
                    new RampLine(
                        percent,
                        "SLO validation at %d%%: API p95 %s".formatted(percent, p95),
                        RampTest::sloValidation),
                    new RampLine(
                        percent,
                        "Error rate check at %d%%: 5xx %s".formatted(percent, errors),
                        RampTest::errorRateCheck),
                    new RampLine(
                        percent,
                        "Policy engine at %d%%: OPA decisions answered, the release's bundle activated (critical)"
                            .formatted(percent),
                        RampTest::policyEngine),
                    new RampLine(
                        percent,
                        "Golden transactions at %d%%: OIDC login, entity write, 3-hop query, subscription"
                            .formatted(percent),
                        RampTest::goldenTransactions),
                    new RampLine(
                        percent,
                        "Security goldens at %d%%: forged tokens rejected, tenants isolated (critical)"
                            .formatted(percent),
                        RampTest::securityGoldens)));
  }

  /**
   * The runbook's lines of every intermediate step (40, 60, 80 %), one invocation per line: the
   * steps come from {@code cadence.ramp_steps}, and a step's lines must run together, in order,
   * before the next step.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rampLines")
  @Order(1)
  @Blocking
  @DisplayName("Phase 2: traffic ramp sequence")
  void rampStep(
      RampLine line,
      Environment environment,
      KubernetesClient kubernetes,
      LedgerStore ledger,
      GateChecks checks) {
    line.check().run(this, line.percent(), new Run(environment, kubernetes, ledger, checks));
  }

  // ---- the lines of one ramp step
  // ----------------------------------------------------------------

  /** "40% traffic active". */
  private void trafficActive(int percent, Run run) {
    trafficActive(percent, run.environment(), run.kubernetes(), run.ledger());
  }

  /**
   * The canary's gates at this step, soaked and decided (a YELLOW is followed up, RED rolls back).
   */
  private void canaryGates(int percent, Run run) {
    judged.put(percent, soakAndJudge(percent, run.environment(), run.checks()));
  }

  /** "SLO validation: API p95 <= 350ms", as the step's decided check saw it. */
  private void sloValidation(int percent, Run run) {
    assertGreen(percent, P95);
  }

  /** "Error rate check: 5xx <= 1%", as the step's decided check saw it. */
  private void errorRateCheck(int percent, Run run) {
    assertGreen(percent, ERRORS);
  }

  /** Runbook RED "Security/policy regression: OPA failure", as the step's decided check saw it. */
  private void policyEngine(int percent, Run run) {
    Observed.policyEngineJudged(run.environment());
    assertGreen(percent, PolicyEngineGate.NAME);
  }

  /**
   * The four user journeys at this step; a failed journey fails the step, and the ramp does not
   * advance.
   */
  private void goldenTransactions(int percent, Run run) {
    goldens(percent, run.environment());
  }

  /** A security regression is RED at once, whatever the step (runbook: auth bypass). */
  private void securityGoldens(int percent, Run run) {
    securityGoldens(percent, run.environment(), run.kubernetes());
  }

  @Test
  @Order(2)
  @Blocking
  @DisplayName("100% traffic active")
  void fullTrafficActive(
      Environment environment, KubernetesClient kubernetes, LedgerStore ledger, GateChecks checks) {
    trafficActive(100, environment, kubernetes, ledger);
    judged.put(100, soakAndJudge(100, environment, checks));
  }

  /**
   * Canary mode disabled, locked to production configuration: 100 % to the canary service and 0 to
   * every other group on the ingress and HTTPRoute, the ingress annotated {@value
   * #LOCK_ANNOTATION}=true (drive mode sets it; observe mode requires it), and a {@code locked} 100
   * % step in the ledger.
   */
  @Test
  @Order(3)
  @Blocking
  @DisplayName(
      "Canary mode disabled: Locked to production configuration (canary 100 %, others 0, ingress maestro.intelgraph.ai/locked=true, ledger step 'locked')")
  void lockedToProductionConfiguration(
      Environment environment, KubernetesClient kubernetes, LedgerStore ledger) {
    TrafficRouter router = new TrafficRouter(kubernetes, environment.cluster());
    var cluster = environment.cluster();
    Map<String, Integer> weights = router.ingressWeights();
    assertThat(weights)
        .as(
            "ingress %s/%s weights (%s) at %s: the canary %s takes all traffic, every other group 0",
            cluster.namespace(),
            cluster.ingress(),
            cluster.routingAnnotation(),
            Instant.now(),
            cluster.canaryService())
        .containsEntry(cluster.canaryService(), 100)
        .allSatisfy(
            (service, weight) -> {
              if (!service.equals(cluster.canaryService()))
                assertThat(weight).as("weight of %s", service).isZero();
            });
    router
        .httpRouteCanaryPercent()
        .ifPresent(
            percent ->
                assertThat(percent)
                    .as(
                        "HTTPRoute %s canary share at %s",
                        cluster.httpRoute().orElseThrow(), Instant.now())
                    .isEqualTo(100));
    if (environment.mode() == Mode.DRIVE) {
      kubernetes
          .network()
          .v1()
          .ingresses()
          .inNamespace(cluster.namespace())
          .withName(cluster.ingress())
          .edit(
              ingress -> {
                ingress.getMetadata().getAnnotations().put(LOCK_ANNOTATION, "true");
                return ingress;
              });
    }
    Ingress ingress =
        kubernetes
            .network()
            .v1()
            .ingresses()
            .inNamespace(cluster.namespace())
            .withName(cluster.ingress())
            .get();
    assertThat(ingress.getMetadata().getAnnotations())
        .as(
            "ingress %s/%s must carry %s=true once the configuration is locked (%s mode)",
            cluster.namespace(), cluster.ingress(), LOCK_ANNOTATION, environment.mode())
        .containsEntry(LOCK_ANNOTATION, "true");
    ledger.update(l -> l.withTraffic(new TrafficStep(100, LOCKED_STEP, Instant.now())));
  }

  @Test
  @Order(4)
  @DisplayName("Final SLO validation: All metrics within targets")
  void finalSloValidation(GateChecks checks) {
    GateReport report = checks.checkUntilDecided(Scope.ALL, "final SLO validation (all traffic)");
    CutoverAssertions.assertThat(report).isGreen();
  }

  // ---- the steps -------------------------------------------------------------------------------

  /**
   * Drive: sets the weight and reads it back. Observe: waits (bounded) until someone else set it.
   * Then records the step.
   */
  private static void trafficActive(
      int percent, Environment environment, KubernetesClient kubernetes, LedgerStore ledger) {
    TrafficRouter router = new TrafficRouter(kubernetes, environment.cluster());
    if (environment.mode() == Mode.DRIVE) {
      router.setCanaryPercent(percent);
    } else {
      BoundedWait.named(
              "observe: canary at %d %% on ingress %s"
                  .formatted(percent, environment.cluster().ingress()))
          .atMost(environment.cadence().rolloutTimeout())
          .progressEvery(environment.cadence().progressEvery())
          .status(() -> "ingress weights " + router.ingressWeights())
          .until(() -> router.canaryPercent() == percent);
    }
    assertThat(router.canaryPercent())
        .as(
            "canary share on ingress %s/%s (%s) at %s",
            environment.cluster().namespace(),
            environment.cluster().ingress(),
            router.ingressWeights(),
            Instant.now())
        .isEqualTo(percent);
    router
        .httpRouteCanaryPercent()
        .ifPresent(
            route ->
                assertThat(route)
                    .as(
                        "canary share on HTTPRoute %s at %s",
                        environment.cluster().httpRoute().orElseThrow(), Instant.now())
                    .isEqualTo(percent));
    ledger.update(l -> l.withTraffic(new TrafficStep(percent, "ramp", Instant.now())));
  }

  /**
   * Soaks for {@code cadence.soak}, and at least until the rate window holds only this step's
   * traffic ({@link CheckCadence#soak()}): a step is judged on its own weight, not partly on the
   * previous step's traffic or the previous step's security goldens.
   */
  private static GateReport soakAndJudge(int percent, Environment environment, GateChecks checks) {
    Duration soak = checks.cadence().soak();
    BoundedWait.named("soak at %d %% canary for %d s".formatted(percent, soak.toSeconds()))
        .progressEvery(environment.cadence().progressEvery())
        .status(checks::status)
        .soak(soak);
    return checks.checkUntilDecided(Scope.CANARY, "canary at %d %%".formatted(percent));
  }

  /**
   * The four user journeys at this step; a failed journey fails the step, and the ramp does not
   * advance.
   */
  private void goldens(int percent, Environment environment) {
    GoldenSuite suite = goldens(environment);
    GoldenSuite canary = suite.canary(); // each step judges the canary: its goldens must reach it
    List<SamplingReport> reports =
        List.of(
            canary.oidcLogin(), canary.entityWrite(), canary.graphQuery(), canary.subscription());
    StringBuilder tables =
        new StringBuilder("### Golden transactions at %d %% canary\n\n".formatted(percent));
    reports.forEach(r -> tables.append(r.toTable()).append("\n"));
    Allure.addAttachment(
        "Golden transactions at %d %%".formatted(percent),
        "text/markdown",
        tables.toString(),
        ".md");
    assertThat(reports)
        .as("golden transactions at %d %% canary, %s", percent, Instant.now())
        .allSatisfy(r -> CutoverAssertions.assertThat(r).passed());
  }

  /**
   * A security regression is RED at once, whatever the step (runbook: auth bypass); a check that
   * could not judge fails the step without a rollback.
   */
  private void securityGoldens(int percent, Environment environment, KubernetesClient kubernetes) {
    int canary;
    try {
      canary = new TrafficRouter(kubernetes, environment.cluster()).canaryPercent();
    } catch (RuntimeException e) {
      throw new InconclusiveCheckException(
          "security goldens not run at %d %% canary: the ingress %s/%s cannot be read (%s); not a regression, nothing rolled back"
              .formatted(
                  percent,
                  environment.cluster().namespace(),
                  environment.cluster().ingress(),
                  e.getMessage()),
          e);
    }
    SecurityFindings findings = SecurityFindings.of(goldens(environment).security(canary));
    if (findings.regressed()) {
      throw new RedVerdictException(
          "security regression at %d %% canary (ingress says %d %%) at %s: critical, RED at once:%s"
              .formatted(
                  percent,
                  canary,
                  Instant.now(),
                  SecurityFindings.describe(findings.regressions())));
    }
    if (!findings.inconclusive().isEmpty()) {
      throw new InconclusiveCheckException(
          "security goldens could not judge at %d %% canary at %s (not a regression: nothing rolled back):%s"
              .formatted(
                  percent, Instant.now(), SecurityFindings.describe(findings.inconclusive())));
    }
  }

  private GoldenSuite goldens(Environment environment) {
    if (goldens == null) goldens = GoldenSuite.forEnvironment(environment);
    return goldens;
  }

  private void assertGreen(int percent, String gate) {
    GateReport report = judged.get(percent);
    if (report == null) {
      fail(
          "no canary check was decided at %d %%; the gate line before this one did not run"
              .formatted(percent));
    }
    CutoverAssertions.assertThat(report).as("%d %% canary", percent).hasGreenGates(gate);
  }

  private static List<Integer> intermediateSteps(Environment environment) {
    return environment.cadence().rampSteps().stream().filter(step -> step < 100).toList();
  }

  private static String threshold(Environment environment, String gate) {
    GateSpec spec = environment.gates().get(gate);
    if (spec == null) {
      throw new IllegalStateException(
          "the ramp validates gate %s, but %s".formatted(gate, environment.whyNoGate(gate)));
    }
    return spec.threshold().toString();
  }
}
