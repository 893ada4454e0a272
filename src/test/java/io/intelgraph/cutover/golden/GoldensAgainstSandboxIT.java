package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The golden transactions against the real sandbox: they pass when it is healthy and catch each
 * regression.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldensAgainstSandboxIT {

  private Sandbox sandbox;

  @BeforeAll
  void start(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  private Environment environment(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    all.put("cutover.env", "sandbox");
    return new EnvironmentLoader(all, Map.of(), Path.of("").toAbsolutePath())
        .withOverrides(sandbox.configOverrides())
        .load();
  }

  private GoldenSuite suiteAtCanary(int percent, Map<String, String> properties) {
    Environment environment = environment(properties);
    new TrafficRouter(sandbox.kubernetes(), environment.cluster()).setCanaryPercent(percent);
    // the router reads the ingress through a short cache: sample only once it routes at the new
    // weight
    org.awaitility.Awaitility.await("sandbox routing at " + percent + " % canary")
        .atMost(Duration.ofSeconds(5))
        .until(() -> sandbox.trafficWeights().canaryPercent() == percent);
    return GoldenSuite.forEnvironment(environment);
  }

  @Test
  void everyGoldenPassesOnAHealthyRelease() {
    GoldenSuite suite = suiteAtCanary(20, Map.of());

    GoldenSuite canary = suite.canary();
    for (SamplingReport report :
        List.of(
            canary.oidcLogin(), canary.entityWrite(), canary.graphQuery(), canary.subscription())) {
      assertThat(report.passed()).as(report.summary()).isTrue();
      assertThat(report.canary())
          .hasValueSatisfying(
              proof ->
                  assertThat(proof.reached()).as(report.summary()).isEqualTo(proof.required()));
    }
    assertThat(suite.security(20))
        .allSatisfy(result -> assertThat(result.passed()).as(result.toString()).isTrue());
  }

  @Test
  void theCanarysGoldensFailWhenTheCanaryTakesNoTrafficSayingNoneReachedIt() {
    GoldenSuite suite = suiteAtCanary(0, Map.of("cutover.goldens.canary_max_runs", "25"));

    SamplingReport query = suite.canary().graphQuery();

    assertThat(query.passed()).isFalse();
    assertThat(query.summary())
        .contains(
            "0 of 25 samples reached the canary (needed 3; track by response header x-served-by)")
        .contains("served by stable 25");
  }

  @Test
  void securityGoldensThatCannotReachTheApiAreInconclusiveNotARegression() {
    GoldenSuite suite =
        suiteAtCanary(
            20,
            Map.of(
                "cutover.endpoints.api",
                "http://127.0.0.1:9",
                "cutover.goldens.call_timeout",
                "500ms"));

    SecurityFindings findings = SecurityFindings.of(suite.security(20));

    assertThat(findings.regressed()).as("%s", findings.results()).isFalse();
    assertThat(findings.inconclusive()).hasSize(findings.results().size());
  }

  @Test
  void anAuthRegressionFailsTheLoginAndTheSecurityGoldensSayingWhatWasWrong() {
    // 30 % of valid tokens are refused: 20 logins all passing by chance has odds below 0.1 %
    GoldenSuite suite = suiteAtCanary(100, Map.of("cutover.goldens.samples", "20"));
    sandbox.faults().activate(Fault.AUTH_REGRESSION);

    SamplingReport login = suite.oidcLogin();
    List<GoldenResult> security = suite.security(100);

    assertThat(login.passed()).isFalse();
    assertThat(login.summary()).contains("the API refused the fresh token on the first call");
    assertThat(security)
        .filteredOn(
            result -> result.name().contains("alg none") || result.name().contains("another key"))
        .hasSize(2)
        .allSatisfy(
            result ->
                assertThat(result.failure())
                    .hasValueSatisfying(
                        reason ->
                            assertThat(reason)
                                .contains(
                                    "instead of 401, AND RETURNED THE ENTITY (authentication bypass)")));
  }

  @Test
  void aSilentSubscriptionFailsItsGoldenWithinItsTimeout() {
    Environment environment = environment(Map.of());
    GoldenSuite suite = suiteAtCanary(20, Map.of());
    sandbox.faults().activate(Fault.SUBSCRIPTION_DROP);

    long start = System.nanoTime();
    SamplingReport subscription = suite.subscription();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(subscription.passed()).isFalse();
    assertThat(subscription.summary()).contains("event");
    Duration bound =
        environment
            .goldens()
            .callTimeout()
            .plusSeconds(2)
            .multipliedBy(environment.goldens().samples());
    assertThat(took).as("the whole sample, bounded by its timeouts").isLessThan(bound);
  }

  @Test
  void canaryLatencyAtFullCanaryFailsTheLatencyTargets() {
    GoldenSuite suite = suiteAtCanary(100, Map.of());
    sandbox.faults().activate(Fault.CANARY_LATENCY);

    SamplingReport write = suite.entityWrite();

    assertThat(write.passed()).isFalse();
    assertThat(write.summary()).contains("p95");
  }
}
