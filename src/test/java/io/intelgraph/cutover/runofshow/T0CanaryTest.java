package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.junit.Blocking;
import io.intelgraph.cutover.junit.CanaryPhase;
import io.intelgraph.cutover.junit.Critical;
import io.intelgraph.cutover.junit.GateChecks;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.canary.CanaryRollout;
import io.intelgraph.cutover.runbook.canary.GoldenTransactions;
import io.intelgraph.cutover.runbook.canary.HealthChecks;
import io.intelgraph.cutover.runbook.canary.SecurityGoldens;
import io.intelgraph.cutover.runbook.canary.TrafficWeight;
import java.util.function.Supplier;
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
 * <p>The rollout is awaited before any traffic moves. In {@code drive} mode this class sets the
 * weight; in {@code observe} mode it only verifies that whoever drives the cutover did. The golden
 * transactions judge the canary. The security goldens are {@code @Critical}: a regression is RED
 * and rolls back at once; a check that could not judge fails the line without a rollback. Each
 * line's logic is in {@code io.intelgraph.cutover.runbook.canary}.
 */
@CanaryPhase
@DisplayName("T-0 Phase 1: Canary deployment ({cadence.canary_weight}% traffic)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class T0CanaryTest {

  /** Built once per run, on first use: it logs in once per tenant and keeps the tokens. */
  private Supplier<GoldenSuite> goldens;

  @BeforeAll
  void goldens(Environment env) {
    goldens = GoldenTransactions.once(() -> GoldenSuite.forEnvironment(env));
  }

  @Test
  @Order(1)
  @Blocking
  @DisplayName("kubectl rollout status deployment/{cluster.canary_deployment}")
  void canaryRolloutComplete(LineContext context) {
    assertThat(new CanaryRollout().run(context)).passed();
  }

  @Test
  @Order(2)
  @Blocking
  @DisplayName("Canary deployed successfully: {cadence.canary_weight}% traffic routing active")
  void canaryTakesItsWeight(LineContext context) {
    assertThat(TrafficWeight.canary(context.environment()).run(context)).passed();
  }

  @Test
  @Order(3)
  @DisplayName("Health checks passing: All pods ready and serving")
  void healthChecksPassing(LineContext context) {
    assertThat(HealthChecks.of(goldens).run(context)).passed();
  }

  @Test
  @Tag("goldens")
  @Order(4)
  @DisplayName("OIDC Login: ✅ / ❌ (Response time: ms)")
  void oidcLogin(LineContext context) {
    assertThat(GoldenTransactions.one(goldens, GoldenSuite::oidcLogin).run(context)).passed();
  }

  @Test
  @Tag("goldens")
  @Order(5)
  @DisplayName("Entity Write: ✅ / ❌ (Response time: ms)")
  void entityWrite(LineContext context) {
    assertThat(GoldenTransactions.one(goldens, GoldenSuite::entityWrite).run(context)).passed();
  }

  @Test
  @Tag("goldens")
  @Order(6)
  @DisplayName("3-hop Query: ✅ / ❌ (Response time: ms)")
  void graphQuery(LineContext context) {
    assertThat(GoldenTransactions.one(goldens, GoldenSuite::graphQuery).run(context)).passed();
  }

  @Test
  @Tag("goldens")
  @Order(7)
  @DisplayName("Subscription: ✅ / ❌ (Connection time: ms)")
  void subscription(LineContext context) {
    assertThat(GoldenTransactions.one(goldens, GoldenSuite::subscription).run(context)).passed();
  }

  /**
   * No token, an expired token, forged tokens are rejected with 401, and tenant B cannot read
   * tenant A's entity; a regression is RED, a check that could not judge is inconclusive (no
   * rollback).
   */
  @Test
  @Tag("goldens")
  @Order(8)
  @Critical
  @DisplayName("Security goldens: missing, expired and forged tokens rejected; tenants isolated")
  void securityGoldens(LineContext context) {
    assertThat(GateChecks.enforce(SecurityGoldens.of(goldens).run(context))).passed();
  }
}
