package io.intelgraph.cutover.supplychain;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.SupplyChain;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closeout's two security lines as reports a check asserts on: cosign signatures of every image
 * the stable and canary deployments run, and the SBOM drift with the scanner's findings. Missing
 * configuration fails the line with the key to set (fail closed).
 *
 * <pre>{@code
 * CosignReport report = SupplyChainLines.cosign(env, kubernetes);
 * assertThat(report.failures()).as(report.describe()).isEmpty();
 * }</pre>
 */
public final class SupplyChainLines {

  private SupplyChainLines() {}

  /** Every image checked, in pod-template order. */
  public record CosignReport(List<SignatureCheck> checks) {
    public List<SignatureCheck> failures() {
      return checks.stream().filter(c -> !c.verified()).toList();
    }

    /**
     * How many images each signature form verified, e.g. {@code "1 by Sigstore bundle, 1 by legacy
     * .sig"}; empty when none verified.
     */
    public String forms() {
      Map<SignatureCheck.Form, Long> counts = new EnumMap<>(SignatureCheck.Form.class);
      checks.forEach(c -> c.verifiedBy().ifPresent(f -> counts.merge(f, 1L, Long::sum)));
      return counts.entrySet().stream()
          .map(e -> "%d by %s".formatted(e.getValue(), e.getKey()))
          .collect(Collectors.joining(", "));
    }

    public String describe() {
      int verified = checks.size() - failures().size();
      StringBuilder text =
          new StringBuilder(
              "%d of %d images verified%s%n"
                  .formatted(verified, checks.size(), verified == 0 ? "" : " (" + forms() + ")"));
      checks.forEach(c -> text.append(c).append('\n'));
      return text.toString();
    }
  }

  public static CosignReport cosign(Environment env, KubernetesClient kubernetes) {
    SupplyChain config = env.supplyChain();
    CosignVerifier verifier =
        new CosignVerifier(
            RegistryClient.forConfig(config), CosignKeys.load(config.cosignPublicKeys()));
    List<SignatureCheck> checks = new ArrayList<>();
    for (DeployedImages.DeployedImage image :
        DeployedImages.of(
            kubernetes,
            env.cluster().namespace(),
            List.of(env.cluster().stableDeployment(), env.cluster().canaryDeployment()))) {
      checks.add(verifier.verify(image.where(), ImageReference.parse(image.image())));
    }
    return new CosignReport(checks);
  }

  public static SbomVerdict sbomDrift(Environment env) {
    SupplyChain config = env.supplyChain();
    Sbom current =
        Sbom.read(
            config
                .sbom()
                .orElseThrow(
                    () ->
                        new SupplyChainException(
                            "supply_chain.sbom is not set in environment %s; give this release's CycloneDX SBOM (e.g. syft IMAGE -o cyclonedx-json)"
                                .formatted(env.name()))));
    Sbom previous =
        Sbom.read(
            config
                .previousSbom()
                .orElseThrow(
                    () ->
                        new SupplyChainException(
                            "supply_chain.previous_sbom is not set in environment %s; give the previous release's CycloneDX SBOM to compare with"
                                .formatted(env.name()))));
    Optional<VulnerabilityReport> report =
        config.vulnerabilityReport().map(VulnerabilityReport::read);
    return SbomVerdict.judge(
        SbomDrift.between(previous, current), report, config.maxVulnerabilities());
  }
}
