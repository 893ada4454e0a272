package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy engine gate's outcome mapping as a table: what the engine answered -> outcome, the
 * verdict of that first evaluation (a critical BREACH is RED at once, an inconclusive ERROR YELLOW)
 * and the reason a person reads.
 */
class PolicyEngineGateTest {

  private static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  private static final URI DECISIONS = URI.create("http://opa:8181/v1/data/intelgraph/authz/allow");
  private static final URI HEALTH = URI.create("http://opa:8181/health?bundles");
  private static final URI PROVENANCE =
      URI.create("http://opa:8181/v1/data/intelgraph/authz/allow?provenance=true");
  private static final Preflight.OpaGate SPEC =
      new Preflight.OpaGate(true, 20, Threshold.parse("<= 5%"), true);
  private static final String RELEASED = "3f9a1c2e";
  private static final Optional<ExpectedRevision> EXPECTED =
      Optional.of(new ExpectedRevision(RELEASED, "preflight.opa_expected_revision"));
  private static final VerdictRules.Rules RULES = new VerdictRules.Rules(Duration.ofMinutes(15));

  private static final OpaProbe.Decision DECIDED =
      new OpaProbe.Decision(
          200, "{\"result\":{\"allow\":true},\"decision_id\":\"d1\"}", false, Duration.ofMillis(2));
  private static final OpaProbe.Decision UNDEFINED =
      new OpaProbe.Decision(200, "{\"decision_id\":\"d2\"}", false, Duration.ofMillis(2));
  private static final OpaProbe.Decision FAILING =
      new OpaProbe.Decision(
          500,
          "{\"code\":\"internal_error\",\"message\":\"eval failed\"}",
          false,
          Duration.ofMillis(2));
  private static final OpaProbe.Decision REFUSED =
      new OpaProbe.Decision(
          0, "ConnectException after 1 ms (bound PT5S)", true, Duration.ofMillis(1));

  static Stream<Arguments> mapping() {
    return Stream.of(
        // name, decisions, bundle status (or why unanswered), bundle named, expected (or why
        // unknown) -> outcome, verdict, reason
        arguments(
            "healthy",
            decisions(20, 0, FAILING),
            bundle(200, RELEASED),
            Optional.empty(),
            EXPECTED,
            Outcome.PASS,
            Verdict.GREEN,
            "policy engine (OPA) (canary): 20 of 20 decisions answered (0 % failed <= 5 %) from the expected bundle revision '3f9a1c2e'"),
        arguments(
            "one failed decision in 20 is within 5 %",
            decisions(20, 1, FAILING),
            bundle(200, RELEASED),
            Optional.empty(),
            EXPECTED,
            Outcome.PASS,
            Verdict.GREEN,
            "19 of 20 decisions answered (5 % failed <= 5 %)"),
        arguments(
            "two failed decisions in 20",
            decisions(20, 2, FAILING),
            bundle(200, RELEASED),
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "failed 2 of 20 decisions at "
                + DECISIONS
                + " (10 %, threshold <= 5 %) at "
                + AT
                + "; first failure: HTTP 500 {\"code\":\"internal_error\",\"message\":\"eval failed\"}"),
        arguments(
            "unreachable: the sample stops after two unanswered",
            List.of(REFUSED, REFUSED),
            "not asked",
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "failed 2 of 2 decisions at "
                + DECISIONS
                + " (100 %, threshold <= 5 %) at "
                + AT
                + " (stopped after two unanswered decisions in a row, of 20 to ask); first failure: no answer: ConnectException after 1 ms"),
        arguments(
            "undefined decisions: no policy answers",
            decisions(20, 20, UNDEFINED),
            bundle(200, RELEASED),
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "failed 20 of 20 decisions"),
        arguments(
            "decisions failing outrank an unknown expectation",
            decisions(20, 20, FAILING),
            bundle(200, RELEASED),
            Optional.empty(),
            "Kubernetes API unreachable",
            Outcome.BREACH,
            Verdict.RED,
            "failed 20 of 20 decisions"),
        arguments(
            "bundle status unanswered",
            decisions(20, 0, FAILING),
            "OPA bundle health: GET " + HEALTH + " timed out after 5 s",
            Optional.empty(),
            EXPECTED,
            Outcome.ERROR,
            Verdict.YELLOW,
            "(canary): 20 of 20 decisions answered, but its bundle status could not be read at "
                + AT
                + ": OPA bundle health: GET "
                + HEALTH
                + " timed out after 5 s"),
        arguments(
            "bundles no longer activated",
            decisions(20, 0, FAILING),
            bundle(500, RELEASED),
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "has bundles that are no longer activated at "
                + AT
                + ": GET "
                + HEALTH
                + " answered HTTP 500 {\"error\":\"not all configured bundles have been activated\"}"),
        arguments(
            "no bundle revision reported",
            decisions(20, 0, FAILING),
            bundle(200),
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "OPA reports no activated bundle revision (GET "
                + PROVENANCE
                + "); no policy bundle is loaded"),
        arguments(
            "the named bundle is gone",
            decisions(20, 0, FAILING),
            bundle(200, "other", RELEASED),
            Optional.of("intelgraph"),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "OPA reports no bundle 'intelgraph' (preflight.opa_bundle), only [other]"),
        arguments(
            "several bundles, none named",
            decisions(20, 0, FAILING),
            bundle(200, "a", RELEASED, "b", RELEASED),
            Optional.empty(),
            EXPECTED,
            Outcome.ERROR,
            Verdict.YELLOW,
            "OPA reports 2 bundles [a, b]; name the one to compare in preflight.opa_bundle"),
        arguments(
            "a manifest without a revision",
            decisions(20, 0, FAILING),
            bundle(200, ""),
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "the bundle's manifest has no revision"),
        arguments(
            "expected revision unknown",
            decisions(20, 0, FAILING),
            bundle(200, RELEASED),
            Optional.empty(),
            "annotation policy.example.com/bundle-revision of Deployment ns/opa: the annotation is absent",
            Outcome.ERROR,
            Verdict.YELLOW,
            "answers from bundle revision '3f9a1c2e' at "
                + AT
                + ", but it cannot be compared: annotation policy.example.com/bundle-revision of Deployment ns/opa: the annotation is absent"),
        arguments(
            "another revision",
            decisions(20, 0, FAILING),
            bundle(200, "0000bad"),
            Optional.empty(),
            EXPECTED,
            Outcome.BREACH,
            Verdict.RED,
            "answers from bundle revision '0000bad' at "
                + AT
                + " but the release expects '3f9a1c2e' (preflight.opa_expected_revision): the policy judging production is no longer this release's"));
  }

  @ParameterizedTest(name = "{0}: {5}, {6}")
  @MethodSource("mapping")
  void outcomeVerdictAndReason(
      String name,
      List<OpaProbe.Decision> decisions,
      Object bundle,
      Optional<String> bundleName,
      Object expected,
      Outcome outcome,
      Verdict verdict,
      String reason) {
    GateEvaluation evaluation =
        PolicyEngineGate.judge(
            observation(decisions, bundle, expected), SPEC, bundleName, Scope.CANARY, AT);

    assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(outcome);
    assertThat(evaluation.detail()).contains(reason);
    assertThat(VerdictRules.decide(List.of(evaluation), RULES, AT).verdict())
        .as(evaluation.detail())
        .isEqualTo(verdict);
  }

  @Test
  void theValueIsTheShareOfFailedDecisionsAndTheEvidenceSaysWhatWasAskedAndAnswered() {
    GateEvaluation evaluation =
        PolicyEngineGate.judge(
            observation(decisions(20, 4, FAILING), bundle(200, RELEASED), EXPECTED),
            SPEC,
            Optional.empty(),
            Scope.ALL,
            AT);

    assertThat(evaluation.gate()).isEqualTo(PolicyEngineGate.NAME);
    assertThat(evaluation.critical()).isTrue();
    assertThat(evaluation.value()).hasValue(0.2);
    assertThat(evaluation.traffic()).hasValue(20);
    assertThat(evaluation.limits()).isEqualTo("<= 5 %");
    assertThat(evaluation.query())
        .as("the question as the ledger keeps it")
        .startsWith("policy engine (OPA): POST " + DECISIONS + " x20 {\"input\":")
        .contains(
            "GET "
                + HEALTH
                + "; GET "
                + DECISIONS
                + "?provenance=true, the revision of bundle (the only one) against the expected one");
    assertThat(evaluation.rawAnswer())
        .as("the answers as the ledger keeps them")
        .startsWith(
            "decisions: 16 of 20 decisions answered 200 with a result; failures [HTTP 500 {\"code\":\"internal_error\"")
        .contains(
            "bundle: GET " + HEALTH + " answered HTTP 200 {}",
            "revisions {intelgraph=3f9a1c2e}",
            "expected: '3f9a1c2e' (preflight.opa_expected_revision)");
    assertThat(evaluation.evidence())
        .extracting(e -> e.role())
        .containsExactly("value", "decisions", "bundle status", "expected revision");
  }

  @Test
  void aNonCriticalConfigurationBreachesWithoutRedAtOnce() {
    Preflight.OpaGate notCritical =
        new Preflight.OpaGate(true, 20, Threshold.parse("<= 5%"), false);
    GateEvaluation evaluation =
        PolicyEngineGate.judge(
            observation(List.of(REFUSED, REFUSED), "not asked", EXPECTED),
            notCritical,
            Optional.empty(),
            Scope.CANARY,
            AT);

    assertThat(evaluation.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(VerdictRules.decide(List.of(evaluation), RULES, AT).verdict())
        .isEqualTo(Verdict.YELLOW);
  }

  // ---- the table's vocabulary
  // ----------------------------------------------------------------------

  /** {@code samples} decisions, the last {@code failed} of them {@code failure}. */
  private static List<OpaProbe.Decision> decisions(
      int samples, int failed, OpaProbe.Decision failure) {
    List<OpaProbe.Decision> all = new ArrayList<>(Collections.nCopies(samples - failed, DECIDED));
    all.addAll(Collections.nCopies(failed, failure));
    return all;
  }

  /**
   * A bundle status: the health status and bundle name, revision pairs (one revision alone: bundle
   * "intelgraph").
   */
  private static OpaProbe.BundleStatus bundle(int health, String... revisions) {
    Map<String, String> byBundle = new java.util.TreeMap<>();
    if (revisions.length == 1) byBundle.put("intelgraph", revisions[0]);
    for (int i = 0; revisions.length > 1 && i < revisions.length; i += 2)
      byBundle.put(revisions[i], revisions[i + 1]);
    String answer =
        health == 200 ? "{}" : "{\"error\":\"not all configured bundles have been activated\"}";
    return new OpaProbe.BundleStatus(HEALTH, health, answer, PROVENANCE, byBundle);
  }

  /**
   * A bundle status or the text of why it was unanswered ("not asked": neither); an expectation or
   * why it is unknown.
   */
  @SuppressWarnings("unchecked")
  private static PolicyEngineGate.Observation observation(
      List<OpaProbe.Decision> decisions, Object bundle, Object expected) {
    Optional<OpaProbe.BundleStatus> status =
        bundle instanceof OpaProbe.BundleStatus s ? Optional.of(s) : Optional.empty();
    Optional<String> unanswered =
        bundle instanceof String s && !s.equals("not asked") ? Optional.of(s) : Optional.empty();
    Optional<ExpectedRevision> known =
        expected instanceof Optional<?> o ? (Optional<ExpectedRevision>) o : Optional.empty();
    Optional<String> unknown = expected instanceof String s ? Optional.of(s) : Optional.empty();
    return new PolicyEngineGate.Observation(
        DECISIONS, 20, decisions, status, unanswered, known, unknown);
  }
}
