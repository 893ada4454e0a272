package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.sandbox.standin.OpaStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "OPA bundle loaded: latest policy hash confirmed" against the sandbox's double of OPA's REST API.
 */
class OpaBundleVerdictTest {

  private static final String DECISION = "v1/data/intelgraph/authz/allow";
  private static final String RELEASED = OpaStandIn.BUNDLE_REVISION;
  private static final Optional<ExpectedRevision> EXPECTED =
      Optional.of(new ExpectedRevision(RELEASED, "preflight.opa_expected_revision"));

  private OpaStandIn opa;
  private OpaProbe probe;

  @BeforeEach
  void start() {
    opa = OpaStandIn.start();
    probe = new OpaProbe(opa.baseUrl(), Duration.ofSeconds(3));
  }

  @AfterEach
  void stop() {
    opa.close();
  }

  @Test
  void theActivatedRevisionThatIsExpectedIsConfirmed() {
    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(probe.bundleStatus(DECISION), Optional.empty(), EXPECTED);

    assertThat(verdict.problems()).isEmpty();
    assertThat(verdict.revision()).contains(RELEASED);
    assertThat(verdict.describe())
        .startsWith(
            "OPA bundle revision confirmed. Reported revision: '%s'; expected: '%s' (preflight.opa_expected_revision)."
                .formatted(RELEASED, RELEASED));
  }

  @Test
  void aWrongRevisionFailsNamingBothRevisions() {
    opa.bundleRevision("0000000000000000000000000000000000000bad");

    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(
            probe.bundleStatus(DECISION), Optional.of(OpaStandIn.BUNDLE_NAME), EXPECTED);

    assertThat(verdict.confirmed()).isFalse();
    assertThat(verdict.problems())
        .containsExactly(
            ("OPA answers from bundle revision '0000000000000000000000000000000000000bad' but the release"
                    + " expects '%s' (preflight.opa_expected_revision); the policy that would judge the canary is not this release's")
                .formatted(RELEASED));
  }

  @Test
  void withoutAnExpectedRevisionNoRevisionIsConfirmed() {
    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(probe.bundleStatus(DECISION), Optional.empty(), Optional.empty());

    assertThat(verdict.confirmed()).isFalse();
    assertThat(verdict.problems())
        .singleElement()
        .asString()
        .startsWith("the expected bundle revision is not configured")
        .contains("preflight.opa_expected_revision", "preflight.opa_expected_revision_from");
    assertThat(verdict.describe())
        .contains("Reported revision: '%s'; expected: (not configured)".formatted(RELEASED));
  }

  @Test
  void aBundleNotActivatedFailsWithWhatTheHealthApiAnswered() {
    opa.activated(false);

    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(probe.bundleStatus(DECISION), Optional.empty(), EXPECTED);

    assertThat(verdict.problems())
        .containsExactly(
            "the policy bundles are not activated: GET %s/health?bundles answered HTTP 500 {\"error\":\"not all configured bundles have been activated\"};"
                    .formatted(opa.baseUrl())
                + " check OPA's bundle download and its logs",
            "OPA reports no activated bundle revision (GET %s/%s?provenance=true); no policy bundle is loaded"
                .formatted(opa.baseUrl(), DECISION));
    assertThat(verdict.revision()).isEmpty();
  }

  @Test
  void aBundleNameOpaDoesNotReportFailsListingTheOnesItDoes() {
    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(probe.bundleStatus(DECISION), Optional.of("authz"), EXPECTED);

    assertThat(verdict.problems())
        .containsExactly("OPA reports no bundle 'authz' (preflight.opa_bundle), only [intelgraph]");
  }

  @Test
  void severalBundlesWithoutAChosenOneCannotBeConfirmed() {
    OpaProbe.BundleStatus two =
        new OpaProbe.BundleStatus(
            URI.create("http://opa:8181/health?bundles"),
            200,
            "{}",
            URI.create("http://opa:8181/v1/data/x?provenance=true"),
            Map.of("authz", "a1", "data", "d1"));

    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(
            two, Optional.empty(), Optional.of(new ExpectedRevision("a1", "test")));

    assertThat(verdict.problems())
        .containsExactly(
            "OPA reports 2 bundles [authz, data]; name the one to compare in preflight.opa_bundle");
    assertThat(
            OpaBundleVerdict.judge(
                    two, Optional.of("authz"), Optional.of(new ExpectedRevision("a1", "test")))
                .confirmed())
        .isTrue();
  }

  @Test
  void theCloseoutReadsTheRevisionBehindTheDecisionsAndFailsWhenThereIsNone() {
    assertThat(probe.activeRevision(DECISION, Optional.empty())).isEqualTo(RELEASED);

    opa.activated(false);
    assertThatThrownBy(() -> probe.activeRevision(DECISION, Optional.empty()))
        .isInstanceOf(PreflightException.class)
        .hasMessageStartingWith("OPA reports no activated bundle revision");
  }
}
