package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.sandbox.standin.OpaStandIn;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy engine gate against the sandbox's double of OPA's REST API, the way the ramp and the
 * gate checks evaluate it: healthy is PASS; each OPA fault of the sandbox, and an engine that is
 * gone, is a BREACH saying why.
 */
class PolicyEngineGateIT {

  /**
   * The production example's preflight: the shipped opa_gate defaults (20 decisions, <= 5 %,
   * critical).
   */
  private static final Preflight PREFLIGHT =
      TestEnvironments.prodExample(java.util.Map.of()).preflight();

  private static final Optional<ExpectedRevision> EXPECTED =
      Optional.of(
          new ExpectedRevision(OpaStandIn.BUNDLE_REVISION, "preflight.opa_expected_revision"));

  private final FaultSwitch faults = new FaultSwitch();
  private OpaStandIn opa;

  @BeforeEach
  void start() {
    opa = OpaStandIn.start(faults);
  }

  @AfterEach
  void stop() {
    opa.close();
  }

  private GateEvaluation evaluate(URI engine) {
    return new PolicyEngineGate(
            new OpaProbe(engine, Duration.ofSeconds(3)), PREFLIGHT, () -> EXPECTED)
        .evaluate(Scope.CANARY, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void aHealthyEngineOnTheExpectedBundlePasses() {
    GateEvaluation evaluation = evaluate(opa.baseUrl());

    assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(Outcome.PASS);
    assertThat(evaluation.detail())
        .startsWith(
            "policy engine (OPA) (canary): 20 of 20 decisions answered (0 %% failed <= 5 %%) from the expected bundle revision '%s'"
                .formatted(OpaStandIn.BUNDLE_REVISION));
    assertThat(evaluation.rawAnswer())
        .contains(
            "20 of 20 decisions answered 200 with a result",
            "answered HTTP 200 {}",
            "revisions {intelgraph=" + OpaStandIn.BUNDLE_REVISION + "}");
  }

  @Test
  void opaDownIsACriticalBreachNamingTheFailedDecisions() {
    faults.activate(Fault.OPA_DOWN);

    GateEvaluation evaluation = evaluate(opa.baseUrl());

    assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(Outcome.BREACH);
    assertThat(evaluation.critical()).isTrue();
    assertThat(evaluation.detail())
        .contains(
            "failed 20 of 20 decisions at %s/v1/data/intelgraph/authz/allow (100 %%, threshold <= 5 %%)"
                .formatted(opa.baseUrl()),
            "first failure: HTTP 503 {\"code\":\"internal_error\",\"message\":\"policy engine unavailable (sandbox fault opa-down)\"}");
  }

  @Test
  void aStaleBundleIsABreachNamingBothRevisions() {
    faults.activate(Fault.OPA_BUNDLE_STALE);

    GateEvaluation evaluation = evaluate(opa.baseUrl());

    assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(Outcome.BREACH);
    assertThat(evaluation.detail())
        .contains(
            "answers from bundle revision '%s'".formatted(OpaStandIn.STALE_REVISION),
            "but the release expects '%s' (preflight.opa_expected_revision): the policy judging production is no longer this release's"
                .formatted(OpaStandIn.BUNDLE_REVISION));
  }

  @Test
  void aDeactivatedBundleLeavesDecisionsUndefinedAndBreaches() {
    opa.activated(false);

    GateEvaluation evaluation = evaluate(opa.baseUrl());

    assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(Outcome.BREACH);
    assertThat(evaluation.detail())
        .contains("failed 20 of 20 decisions", "first failure: HTTP 200 {\"decision_id\":");
  }

  @Test
  void anEngineThatIsGoneIsABreachAfterTwoUnansweredDecisions() {
    URI gone = opa.baseUrl();
    opa.close();

    GateEvaluation evaluation = evaluate(gone);

    assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(Outcome.BREACH);
    assertThat(evaluation.detail())
        .contains(
            "failed 2 of 2 decisions",
            "stopped after two unanswered decisions in a row, of 20 to ask",
            "first failure: no answer: ConnectException");
    assertThat(evaluation.rawAnswer()).contains("bundle: not asked: the decisions went unanswered");
  }
}
