package io.intelgraph.cutover.runofshow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.api.ApiRequests;
import io.intelgraph.cutover.assertions.CutoverAssertions;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.SamplingReport;
import io.intelgraph.cutover.golden.SecurityFindings;
import io.intelgraph.cutover.golden.TrackAttribution;
import io.intelgraph.cutover.junit.Blocking;
import io.intelgraph.cutover.junit.CanaryPhase;
import io.intelgraph.cutover.junit.Critical;
import io.intelgraph.cutover.junit.InconclusiveCheckException;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.preflight.HealthProbe;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * T-0 Phase 1 of the run of show: the canary at {@code cadence.canary_weight} (20 %) and the golden
 * transactions through the public API while both tracks take traffic.
 *
 * <p>The rollout is awaited before any traffic moves (the runbook runs {@code kubectl rollout
 * status} right after its deploy script; sending users to pods that are not ready is what that line
 * guards against). In {@code drive} mode this class sets the weight; in {@code observe} mode it
 * only verifies that whoever drives the cutover did. The golden transactions judge the canary: each
 * must be served by the canary {@code goldens.samples} times (see {@code GoldenSuite#canary()}).
 * The security goldens are {@code @Critical}: a regression is RED and rolls back at once; a check
 * that could not judge fails the line without a rollback.
 */
@CanaryPhase
@DisplayName("T-0 Phase 1: Canary deployment (20% traffic)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class T0CanaryTest {

  /** Built once per run: it logs in once per tenant and keeps the tokens. */
  private GoldenSuite goldens;

  @BeforeAll
  void goldens(Environment env) {
    goldens = GoldenSuite.forEnvironment(env);
  }

  @Test
  @Order(1)
  @Blocking
  @DisplayName("kubectl rollout status deployment/{cluster.canary_deployment}")
  void canaryRolloutComplete(Environment env, KubernetesClient kubernetes) {
    Deployments deployments = new Deployments(kubernetes, env.cluster().namespace());
    String name = env.cluster().canaryDeployment();
    BoundedWait.named("rollout status deployment/" + name)
        .atMost(env.cadence().rolloutTimeout())
        .progressEvery(env.cadence().progressEvery())
        .status(() -> deployments.status(name).describe())
        .failFast(
            "rollout exceeded its progress deadline (ProgressDeadlineExceeded)",
            () -> deployments.status(name).hasFailed())
        .until(() -> deployments.status(name).isComplete());
  }

  @Test
  @Order(2)
  @Blocking
  @DisplayName("Canary deployed successfully: 20% traffic routing active")
  void canaryTakesItsWeight(Environment env, KubernetesClient kubernetes, LedgerStore ledger) {
    TrafficRouter router = new TrafficRouter(kubernetes, env.cluster());
    int weight = env.cadence().canaryWeight();
    if (env.mode() == Mode.DRIVE) {
      int before = router.canaryPercent();
      router.setCanaryPercent(weight);
      ledger.update(l -> l.withTraffic(new TrafficStep(weight, "canary", Instant.now())));
      System.out.printf(
          "[cutover] canary weight %d %% -> %d %% (ingress %s)%n",
          before, weight, router.ingressWeights());
    }
    assertThat(router.canaryPercent())
        .as(
            "%s mode: canary share on ingress %s/%s at %s (weights %s); cadence.canary_weight is %d %%",
            env.mode(),
            env.cluster().namespace(),
            env.cluster().ingress(),
            Instant.now(),
            router.ingressWeights(),
            weight)
        .isEqualTo(weight);
    OptionalInt route = router.httpRouteCanaryPercent();
    if (route.isPresent()) {
      assertThat(route.getAsInt())
          .as(
              "canary share on HTTPRoute %s (weights %s)",
              env.cluster().httpRoute().orElseThrow(),
              router.httpRouteWeights(env.cluster().httpRoute().orElseThrow()))
          .isEqualTo(weight);
    }
  }

  /** Both deployments fully ready, and the public health endpoint answers 200 from both tracks. */
  @Test
  @Order(3)
  @DisplayName("Health checks passing: All pods ready and serving")
  void healthChecksPassing(Environment env, KubernetesClient kubernetes) {
    Deployments deployments = new Deployments(kubernetes, env.cluster().namespace());
    for (String name :
        List.of(env.cluster().stableDeployment(), env.cluster().canaryDeployment())) {
      CutoverAssertions.assertThat(deployments.status(name)).isComplete();
    }
    TrackAttribution tracks = TrackAttribution.from(env.goldens());
    assertThat(tracks.canTell())
        .as(
            "GET %s cannot tell which track answered: goldens.track_header is not configured; set it to the header your edge names the track in",
            HealthProbe.of(env.endpoints().api()))
        .isTrue();
    HealthProbe health =
        new HealthProbe(HealthProbe.of(env.endpoints().api()), env.goldens().callTimeout(), tracks);
    BoundedWait.named("GET %s answered by both tracks".formatted(health.uri()))
        .atMost(env.cadence().rolloutTimeout())
        .pollEvery(Duration.ofMillis(100))
        .progressEvery(env.cadence().progressEvery())
        .status(() -> health.tally().toString())
        .failFast("a health request was not answered 200", () -> health.tally().failures() > 0)
        .until(
            () -> {
              HealthProbe.Tally tally = health.ask();
              return tally.saw("stable") && tally.saw("canary");
            });
    HealthProbe.Tally tally = health.tally();
    assertThat(tally.failures()).as("GET %s: %s", health.uri(), tally).isZero();
    // "serving": an authenticated request is answered, through the prepared specification users'
    // own checks use
    given(ApiRequests.forEnvironment(env, goldens::accessToken))
        .body(Map.of("query", "{ __typename }"))
        .post(env.goldens().graphqlPath())
        .then()
        .statusCode(200)
        .body("data.__typename", notNullValue());
  }

  @Test
  @Tag("goldens")
  @Order(4)
  @DisplayName("OIDC Login: ✅ / ❌ (Response time: ms)")
  void oidcLogin() {
    check(goldens.canary().oidcLogin());
  }

  @Test
  @Tag("goldens")
  @Order(5)
  @DisplayName("Entity Write: ✅ / ❌ (Response time: ms)")
  void entityWrite() {
    check(goldens.canary().entityWrite());
  }

  @Test
  @Tag("goldens")
  @Order(6)
  @DisplayName("3-hop Query: ✅ / ❌ (Response time: ms)")
  void graphQuery() {
    check(goldens.canary().graphQuery());
  }

  @Test
  @Tag("goldens")
  @Order(7)
  @DisplayName("Subscription: ✅ / ❌ (Connection time: ms)")
  void subscription() {
    check(goldens.canary().subscription());
  }

  /**
   * No token, an expired token, forged tokens (another key, alg none, tampered tenant, HS256 with
   * the public key) are rejected with 401, and tenant B cannot read tenant A's entity; each
   * rejection check is repeated so that the canary's share sees every forgery.
   */
  @Test
  @Tag("goldens")
  @Order(8)
  @Critical
  @DisplayName("Security goldens: missing, expired and forged tokens rejected; tenants isolated")
  void securityGoldens(Environment env, KubernetesClient kubernetes) {
    int canary;
    try {
      canary = new TrafficRouter(kubernetes, env.cluster()).canaryPercent();
    } catch (RuntimeException e) {
      throw new InconclusiveCheckException(
          ("security goldens not run at %s: the canary's share cannot be read from ingress %s/%s (%s);"
                  + " it decides how often each forgery is sent. Inconclusive, not a security regression: nothing rolled back; fix access to the ingress and re-run")
              .formatted(
                  Instant.now(),
                  env.cluster().namespace(),
                  env.cluster().ingress(),
                  e.getMessage()),
          e);
    }
    SecurityFindings findings = SecurityFindings.of(goldens.security(canary));
    StringBuilder table =
        new StringBuilder(
            "### Security goldens at %d %% canary (%d attempts per rejection check)\n\n"
                .formatted(canary, GoldenSuite.attemptsFor(canary)));
    table.append("| check | result | detail |\n|---|---|---|\n");
    findings
        .results()
        .forEach(
            r ->
                table.append(
                    "| %s | %s | %s |\n"
                        .formatted(
                            r.name(),
                            r.status(),
                            r.failure().orElse("").replace("|", "\\|").replace("\n", " "))));
    Allure.addAttachment("Security goldens", "text/markdown", table.toString(), ".md");
    assertThat(findings.regressions())
        .as(
            "security regression at %s with the canary at %d %%:%s",
            Instant.now(), canary, SecurityFindings.describe(findings.regressions()))
        .isEmpty();
    if (!findings.inconclusive().isEmpty()) {
      throw new InconclusiveCheckException(
          "security goldens could not judge at %s with the canary at %d %% (not a regression: nothing rolled back):%s"
              .formatted(
                  Instant.now(), canary, SecurityFindings.describe(findings.inconclusive())));
    }
  }

  private static void check(SamplingReport report) {
    Allure.addAttachment(report.golden() + " timings", "text/markdown", report.toTable(), ".md");
    CutoverAssertions.assertThat(report).passed();
  }
}
