package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.preflight.OpaProbe;
import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.runbook.preflight.OpaBundleLoaded;
import io.intelgraph.cutover.supplychain.SbomVerdict;
import io.intelgraph.cutover.supplychain.SupplyChainException;
import io.intelgraph.cutover.supplychain.SupplyChainLines;
import java.util.Comparator;
import java.util.Optional;

/**
 * The closeout's "Security attestations": the deployed images' cosign signatures, the SBOM drift
 * against the previous release, and the OPA bundle revision against the one the T-15 preflight
 * recorded. A registry, scanner or OPA that does not answer fails the line naming it.
 *
 * <pre>{@code
 * assertThat(SecurityAttestations.cosignVerification().run(context)).passed();
 * }</pre>
 */
public final class SecurityAttestations {

  /** How the T-15 preflight records the OPA bundle revision it saw loaded, in the ledger. */
  public static final String OPA_LOADED = OpaBundleLoaded.REVISION_ATTESTED;

  private SecurityAttestations() {}

  /**
   * Every image of the stable and canary pod templates, by digest, signed by a configured cosign
   * key ({@code supply_chain.cosign_public_keys}) in either form cosign attaches (a Sigstore bundle
   * referrer, cosign v3's default, or the legacy {@code .sig} tag); the evidence names the form
   * each image was verified by. No image at all fails too.
   */
  public static RunbookLine cosignVerification() {
    return context -> {
      Environment env = context.environment();
      LineReport.Builder report = context.report();
      SupplyChainLines.CosignReport cosign;
      try {
        cosign = SupplyChainLines.cosign(env, context.kubernetes());
      } catch (SupplyChainException e) {
        return report
            .problem("cosign verification at %s: %s", context.now(), e.getMessage())
            .judged();
      }
      return report
          .evidence("Cosign verification", cosign.describe())
          .problemIf(
              cosign.checks().isEmpty(),
              "no image found in deployments %s and %s to verify",
              env.cluster().stableDeployment(),
              env.cluster().canaryDeployment())
          .problemIf(
              !cosign.failures().isEmpty(),
              "cosign verification at %s: %s",
              context.now(),
              cosign.describe())
          .judged();
    };
  }

  /**
   * This release's CycloneDX SBOM against the previous one's, and the scanner's findings against
   * {@code supply_chain.max_vulnerabilities}.
   */
  public static RunbookLine sbomDriftScan() {
    return context -> {
      LineReport.Builder report = context.report();
      SbomVerdict verdict;
      try {
        verdict = SupplyChainLines.sbomDrift(context.environment());
      } catch (SupplyChainException e) {
        return report.problem("SBOM drift scan at %s: %s", context.now(), e.getMessage()).judged();
      }
      return report
          .evidence("SBOM drift", verdict.describe())
          .problemIf(
              !verdict.overLimit().isEmpty(),
              "SBOM drift scan at %s: %s",
              context.now(),
              verdict.describe())
          .judged();
    };
  }

  /**
   * The revision OPA reports now must be the one the T-15 preflight recorded ("OPA bundle loaded:
   * Latest policy hash confirmed").
   */
  public static RunbookLine opaBundleHashMatchesDeployment() {
    return context -> {
      Environment env = context.environment();
      LineReport.Builder report = context.report();
      Optional<Attestation> atPreflight =
          context.ledger().read().attestations().stream()
              .filter(a -> a.what().startsWith(OPA_LOADED))
              .max(Comparator.comparing(Attestation::at));
      if (atPreflight.isEmpty()) {
        return report
            .problem(
                "no OPA bundle revision was recorded at preflight in the ledger %s (no attestation"
                    + " '%s...'); run -Dgroups=preflight first",
                context.ledger().location(), OPA_LOADED)
            .judged();
      }
      String expected = atPreflight.get().what().substring(OPA_LOADED.length()).trim();
      String now;
      try {
        now =
            new OpaProbe(env.endpoints().opa(), env.preflight().timeout())
                .activeRevision(env.preflight().opaDecisionPath(), env.preflight().opaBundle());
      } catch (PreflightException e) {
        return report.problem("OPA at %s: %s", env.endpoints().opa(), e.getMessage()).judged();
      }
      String figures =
          "OPA at %s reports bundle revision '%s' at %s; the T-15 preflight recorded '%s' at %s (%s)"
              .formatted(
                  env.endpoints().opa(),
                  now,
                  context.now(),
                  expected,
                  atPreflight.get().at(),
                  atPreflight.get().who());
      return report
          .evidence("OPA bundle revision", figures)
          .problemIf(!expected.equals(now), "%s", figures)
          .judged();
    };
  }
}
