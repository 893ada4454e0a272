package io.intelgraph.cutover.preflight;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateCheckRun;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.support.Excerpts;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The runbook's RED trigger "Security/policy regression: OPA failure" as a live gate: evaluated in
 * every ramp step's and T+15/30/60 gate check beside the Prometheus gates ({@link
 * GateCheckRun.GateSource#and}), recorded in the ledger as gate {@value #NAME} and judged by the
 * same verdict rules. It asks the policy engine itself, over OPA's documented REST API
 * (https://www.openpolicyagent.org/docs/latest/rest-api/), through {@link OpaProbe} as the T-15
 * line does:
 *
 * <ol>
 *   <li>decisions answered: {@code preflight.opa_gate.samples} decisions at {@code
 *       preflight.opa_decision_path} (Data API, {@code POST /v1/data/<path>}), each must be HTTP
 *       200 with a {@code result}
 *       (https://www.openpolicyagent.org/docs/latest/rest-api/#get-a-document-with-input); the
 *       share that is not (refused, timed out, 5xx, undefined) is the gate's value, judged against
 *       {@code opa_gate.threshold};
 *   <li>the bundles still activated: Health API {@code GET /health?bundles} answers 200
 *       (https://www.openpolicyagent.org/docs/latest/rest-api/#health-api);
 *   <li>the expected bundle revision still the one decisions are made from: the Data API's
 *       provenance (https://www.openpolicyagent.org/docs/latest/rest-api/#provenance) against the
 *       revision the T-15 line confirmed ({@link ExpectedRevision}: {@code
 *       preflight.opa_expected_revision[_from]}).
 * </ol>
 *
 * <pre>{@code
 * GateCheckRun.GateSource source = GateCheckRun.GateSource.prometheus(env).and(PolicyEngineGate.forEnvironment(env, kubernetes));
 * }</pre>
 *
 * <p>Design note, the outcome mapping ({@link #judge}, first match decides):
 *
 * <table>
 *   <caption>outcome of one evaluation</caption>
 *   <tr><th>what was seen</th><th>outcome</th></tr>
 *   <tr><td>failed decisions above the threshold, including an engine that refuses connections or
 *       stays silent (the sample stops after two unanswered decisions in a row)</td><td>BREACH</td></tr>
 *   <tr><td>decisions answered, but the bundle status unanswered or not OPA's JSON</td><td>ERROR</td></tr>
 *   <tr><td>{@code /health?bundles} not 200: a bundle is no longer activated</td><td>BREACH</td></tr>
 *   <tr><td>no bundle revision reported, the named bundle ({@code opa_bundle}) missing, or its manifest without a revision</td><td>BREACH</td></tr>
 *   <tr><td>several bundles and none named in {@code opa_bundle}</td><td>ERROR</td></tr>
 *   <tr><td>the expected revision unknown (not configured, or its annotation unreadable)</td><td>ERROR</td></tr>
 *   <tr><td>another revision than the expected one</td><td>BREACH</td></tr>
 *   <tr><td>otherwise</td><td>PASS</td></tr>
 * </table>
 *
 * Why an unreachable engine is a BREACH, when an unreachable Prometheus is ERROR: Prometheus only
 * observes production, so its silence says nothing about the release. The policy engine is
 * production: every authorized request depends on its decisions, and an authorizer that cannot
 * decide either denies users (an outage) or, failing open, lets them through (an auth bypass); both
 * are the "OPA failure" the runbook rolls back for without debate. The same endpoint answered at
 * T-15 (its line must pass before traffic moves), so silence now is a change in production, not in
 * the suite's configuration. What stays inconclusive (ERROR: the two-consecutive rule) is what only
 * the suite's own view lacks: the expectation it compares with, or a second question failing while
 * the decisions themselves were answered.
 */
public final class PolicyEngineGate implements GateCheckRun.GateSource {

  /** The gate's name in the ledger, the evidence and the run-of-show lines. */
  public static final String NAME = "policy_engine";

  private static final String DESCRIPTION = "policy engine (OPA)";

  /**
   * What one evaluation saw; exactly one of each pair ({@code bundle} / {@code bundleUnanswered},
   * {@code expected} / {@code expectedUnknown}) is present, except that the bundle is not asked
   * (both absent) after a silent decision sample.
   *
   * @param decisionUri where the decisions were asked
   * @param decisions each decision as answered, in order; fewer than asked when the sample stopped
   *     on a silent engine
   */
  record Observation(
      URI decisionUri,
      int samples,
      List<OpaProbe.Decision> decisions,
      Optional<OpaProbe.BundleStatus> bundle,
      Optional<String> bundleUnanswered,
      Optional<ExpectedRevision> expected,
      Optional<String> expectedUnknown) {

    Observation {
      decisions = List.copyOf(decisions);
      if (decisions.isEmpty())
        throw new IllegalArgumentException(
            "an evaluation of " + NAME + " asks at least one decision");
      if (bundle.isPresent() && bundleUnanswered.isPresent())
        throw new IllegalArgumentException("bundle status both read and unanswered");
      if (expected.isPresent() && expectedUnknown.isPresent())
        throw new IllegalArgumentException("expected revision both known and unknown");
    }

    long failed() {
      return decisions.stream().filter(d -> !d.decided()).count();
    }

    boolean silent() {
      return decisions.size() < samples;
    }
  }

  private final OpaProbe probe;
  private final Preflight preflight;
  private final Supplier<Optional<ExpectedRevision>> expectation;

  /**
   * @param expectation the revision the release must run with, read at every evaluation (as the
   *     T-15 line reads it); may throw {@link PreflightException} when it cannot be read
   */
  public PolicyEngineGate(
      OpaProbe probe, Preflight preflight, Supplier<Optional<ExpectedRevision>> expectation) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.preflight = Objects.requireNonNull(preflight, "preflight");
    this.expectation = Objects.requireNonNull(expectation, "expectation");
  }

  /**
   * The gate on the environment's policy engine ({@code endpoints.opa}), its expectation read as
   * the T-15 line reads it.
   */
  public static PolicyEngineGate forEnvironment(
      Environment environment, KubernetesClient kubernetes) {
    Preflight preflight = environment.preflight();
    return new PolicyEngineGate(
        new OpaProbe(environment.endpoints().opa(), preflight.timeout()),
        preflight,
        () -> ExpectedRevision.of(preflight, environment.cluster().namespace(), kubernetes));
  }

  @Override
  public List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines) {
    return List.of(evaluate(scope, at));
  }

  /**
   * Asks the policy engine now and judges what it answered; never throws for what the engine does.
   */
  public GateEvaluation evaluate(Scope scope, Instant at) {
    String path = preflight.opaDecisionPath();
    int samples = preflight.opaGate().samples();
    List<OpaProbe.Decision> decisions = probe.askDecisions(path, samples);
    Optional<OpaProbe.BundleStatus> bundle = Optional.empty();
    Optional<String> bundleUnanswered = Optional.empty();
    if (decisions.size()
        == samples) { // a silent engine is not asked twice more: its decisions already judged it
      try {
        bundle = Optional.of(probe.bundleStatus(path));
      } catch (PreflightException e) {
        bundleUnanswered = Optional.of(e.getMessage());
      }
    }
    Optional<ExpectedRevision> expected = Optional.empty();
    Optional<String> expectedUnknown = Optional.empty();
    try {
      expected = expectation.get();
      if (expected.isEmpty()) {
        expectedUnknown =
            Optional.of(
                "the expected bundle revision is not configured; set preflight.opa_expected_revision"
                    + " (e.g. the policy repository's git sha) or preflight.opa_expected_revision_from (an annotation of a Deployment or ConfigMap)");
      }
    } catch (PreflightException e) {
      expectedUnknown = Optional.of(e.getMessage());
    }
    return judge(
        new Observation(
            probe.decisionUri(path),
            samples,
            decisions,
            bundle,
            bundleUnanswered,
            expected,
            expectedUnknown),
        preflight.opaGate(),
        preflight.opaBundle(),
        scope,
        at);
  }

  /** The outcome mapping of the class comment: pure, so it is tested as a table. */
  static GateEvaluation judge(
      Observation seen,
      Preflight.OpaGate spec,
      Optional<String> bundleName,
      Scope scope,
      Instant at) {
    int asked = seen.decisions().size();
    long failed = seen.failed();
    double ratio = (double) failed / asked;
    List<Evidence> evidence = evidence(seen, bundleName);
    String what = "%s (%s)".formatted(DESCRIPTION, scope.label());
    BiFunction<Outcome, String, GateEvaluation> result =
        (outcome, detail) ->
            new GateEvaluation(
                NAME,
                scope,
                spec.critical(),
                at,
                outcome,
                OptionalDouble.of(ratio),
                spec.threshold(),
                OptionalDouble.empty(),
                OptionalDouble.of(asked),
                OptionalDouble.empty(),
                detail,
                evidence);

    if (!spec.threshold().isMetBy(ratio)) {
      OpaProbe.Decision first =
          seen.decisions().stream().filter(d -> !d.decided()).findFirst().orElseThrow();
      return result.apply(
          Outcome.BREACH,
          ("%s failed %d of %d decisions at %s (%s, threshold %s) at %s%s; first failure: %s."
                  + " The policy engine is production's authorizer: undecided requests are denied or, failing open, let through")
              .formatted(
                  what,
                  failed,
                  asked,
                  seen.decisionUri(),
                  Unit.RATIO.format(ratio),
                  spec.threshold(),
                  at,
                  seen.silent()
                      ? " (stopped after two unanswered decisions in a row, of "
                          + seen.samples()
                          + " to ask)"
                      : "",
                  first.describe()));
    }
    String decided = "%d of %d decisions answered".formatted(asked - failed, asked);
    if (seen.bundle().isEmpty()) {
      return result.apply(
          Outcome.ERROR,
          "%s: %s, but its bundle status could not be read at %s: %s; the bundle revision cannot be confirmed"
              .formatted(what, decided, at, seen.bundleUnanswered().orElse("not asked")));
    }
    OpaProbe.BundleStatus bundle = seen.bundle().get();
    if (!bundle.activated()) {
      return result.apply(
          Outcome.BREACH,
          "%s has bundles that are no longer activated at %s: GET %s answered HTTP %d %s (%s)"
              .formatted(
                  what,
                  at,
                  bundle.health(),
                  bundle.healthStatus(),
                  Excerpts.of(bundle.healthAnswer()),
                  decided));
    }
    Optional<String> selection = OpaBundleVerdict.selectionProblem(bundle, bundleName);
    if (selection.isPresent()) {
      boolean ambiguous = bundleName.isEmpty() && bundle.revisions().size() > 1;
      return result.apply(
          ambiguous ? Outcome.ERROR : Outcome.BREACH,
          "%s at %s: %s (%s)".formatted(what, at, selection.get(), decided));
    }
    String revision = OpaBundleVerdict.revisionOf(bundle, bundleName).orElseThrow();
    if (seen.expected().isEmpty()) {
      return result.apply(
          Outcome.ERROR,
          "%s answers from bundle revision '%s' at %s, but it cannot be compared: %s"
              .formatted(
                  what, revision, at, seen.expectedUnknown().orElse("no expected revision")));
    }
    ExpectedRevision expected = seen.expected().get();
    if (!revision.equals(expected.revision())) {
      return result.apply(
          Outcome.BREACH,
          "%s answers from bundle revision '%s' at %s but the release expects '%s' (%s): the policy judging production is no longer this release's (%s)"
              .formatted(what, revision, at, expected.revision(), expected.source(), decided));
    }
    return result.apply(
        Outcome.PASS,
        "%s: %s (%s failed %s %s) from the expected bundle revision '%s' at %s"
            .formatted(
                what,
                decided,
                Unit.RATIO.format(ratio),
                spec.threshold().comparison().symbol(),
                Unit.RATIO.format(spec.threshold().limit()),
                revision,
                at));
  }

  /** What was asked and answered: a summary first (the ledger keeps it), then each question. */
  private static List<Evidence> evidence(Observation seen, Optional<String> bundleName) {
    List<String> failures =
        seen.decisions().stream()
            .filter(d -> !d.decided())
            .map(OpaProbe.Decision::describe)
            .distinct()
            .limit(3)
            .toList();
    String decisions =
        "%d of %d decisions answered 200 with a result%s; first answer %s"
            .formatted(
                seen.decisions().size() - seen.failed(),
                seen.decisions().size(),
                failures.isEmpty() ? "" : "; failures " + failures,
                seen.decisions().get(0).describe());
    String bundle =
        seen.bundle()
            .map(OpaProbe.BundleStatus::describe)
            .orElse(
                seen.bundleUnanswered()
                    .map(e -> "unanswered: " + e)
                    .orElse("not asked: the decisions went unanswered"));
    String expected =
        seen.expected()
            .map(e -> "'%s' (%s)".formatted(e.revision(), e.source()))
            .orElse("unknown: " + seen.expectedUnknown().orElse(""));
    List<Evidence> evidence = new ArrayList<>();
    URI health = seen.decisionUri().resolve("/health?bundles");
    evidence.add(
        new Evidence(
            "value",
            "%s: POST %s x%d %s; GET %s; GET %s?provenance=true, the revision of bundle %s against the expected one"
                .formatted(
                    DESCRIPTION,
                    seen.decisionUri(),
                    seen.samples(),
                    OpaProbe.INPUT,
                    health,
                    seen.decisionUri(),
                    bundleName.orElse("(the only one)")),
            "decisions: %s. bundle: %s. expected: %s".formatted(decisions, bundle, expected)));
    evidence.add(
        new Evidence(
            "decisions",
            "POST %s x%d %s".formatted(seen.decisionUri(), seen.samples(), OpaProbe.INPUT),
            decisions));
    evidence.add(
        new Evidence(
            "bundle status",
            "GET %s; GET %s?provenance=true".formatted(health, seen.decisionUri()),
            bundle));
    evidence.add(
        new Evidence("expected revision", "preflight.opa_expected_revision[_from]", expected));
    return evidence;
  }
}
