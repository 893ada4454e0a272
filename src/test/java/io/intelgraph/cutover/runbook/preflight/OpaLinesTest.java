package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.preflight.ExpectedRevision;
import io.intelgraph.cutover.preflight.OpaProbe;
import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "OPA bundle loaded" and "Policy decisions < 10ms" on what OPA reported, made by hand. */
class OpaLinesTest {

  private static final String REVISION = "6f1c0a9e";

  @TempDir Path dir;

  private LineContext context() {
    return LineContexts.at(
        dir, Map.of("cutover.preflight.opa_max_p95", "10ms", "cutover.preflight.opa_samples", "4"));
  }

  private static OpaProbe.BundleStatus status(int health, String revision) {
    return new OpaProbe.BundleStatus(
        URI.create("http://opa:8181/health?bundles"),
        health,
        health == 200 ? "{}" : "{\"error\":\"not all bundles activated\"}",
        URI.create("http://opa:8181/v1/data?provenance"),
        Map.of("authz", revision));
  }

  private static final Optional<ExpectedRevision> EXPECTED =
      Optional.of(new ExpectedRevision(REVISION, "preflight.opa_expected_revision"));

  @Test
  void theExpectedRevisionActivatedPassesAndIsRecorded() {
    LineContext context = context();

    assertThat(new OpaBundleLoaded(env -> status(200, REVISION), c -> EXPECTED).run(context))
        .passed();
    assertThat(context.ledger().read().attestations())
        .extracting(a -> a.what())
        .containsExactly("OPA bundle loaded: revision " + REVISION);
  }

  @Test
  void anotherRevisionFailsNamingBothAndNothingIsRecorded() {
    LineContext context = context();

    assertThat(new OpaBundleLoaded(env -> status(200, "0bad"), c -> EXPECTED).run(context))
        .failedWith("OPA ", "0bad");
    assertThat(context.ledger().read().attestations()).isEmpty();
  }

  @Test
  void noExpectedRevisionIsNotConfigured() {
    assertThat(
            new OpaBundleLoaded(env -> status(200, REVISION), c -> Optional.empty()).run(context()))
        .isNotConfigured("preflight.opa_expected_revision");
  }

  @Test
  void anOpaThatDoesNotAnswerFailsNamingIt() {
    assertThat(
            new OpaBundleLoaded(
                    env -> {
                      throw new PreflightException("GET http://opa:8181/health refused");
                    },
                    c -> EXPECTED)
                .run(context()))
        .failedWith("could not read the bundle status of OPA", "refused");
  }

  private static OpaProbe.DecisionSample decisions(int failures, long... millis) {
    return new OpaProbe.DecisionSample(
        "v1/data/intelgraph/authz/allow",
        java.util.Arrays.stream(millis).mapToObj(Duration::ofMillis).toList(),
        failures);
  }

  @Test
  void fastDecisionsThatAllAnsweredPass() {
    assertThat(new PolicyDecisionsFast(env -> decisions(0, 2, 3, 4, 5)).run(context())).passed();
  }

  @Test
  void slowDecisionsMissTheTarget() {
    assertThat(new PolicyDecisionsFast(env -> decisions(0, 2, 3, 40, 45)).run(context()))
        .failedWith("miss preflight.opa_max_p95 10 ms", "p95=45 ms");
  }

  @Test
  void failedDecisionsAreAProblemEvenWhenTheAnsweredOnesAreFast() {
    assertThat(new PolicyDecisionsFast(env -> decisions(2, 2, 3)).run(context()))
        .failedWith("2 of 4 decisions at v1/data/intelgraph/authz/allow failed");
  }

  @Test
  void noDecisionAtAllNeverMeetsTheTarget() {
    assertThat(
            new PolicyDecisionsFast(
                    env ->
                        new OpaProbe.DecisionSample(
                            "v1/data/intelgraph/authz/allow", Collections.emptyList(), 4))
                .run(context()))
        .failedWith("4 of 4 decisions", "no values");
  }
}
