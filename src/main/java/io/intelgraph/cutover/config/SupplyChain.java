package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The day-3 closeout's security attestations: cosign signatures of the deployed images and the SBOM
 * drift.
 *
 * <pre>{@code
 * supply_chain:
 *   cosign_public_keys: [keys/cosign.pub]        # PEM, as `cosign generate-key-pair` writes it
 *   registry_username: ci-reader                  # optional; the password by reference
 *   registry_password: {env: REGISTRY_PASSWORD}
 *   sbom: sbom/v1.0.0.cdx.json                    # CycloneDX JSON or XML of this release
 *   previous_sbom: sbom/v0.9.0.cdx.json
 *   vulnerability_report: scans/grype.json        # Grype or Trivy JSON, detected from its shape
 *   max_vulnerabilities: {critical: 0, high: 0}
 * }</pre>
 *
 * @param cosignPublicKeys PEM public keys (ECDSA or RSA); an image verifies if one of them signed
 *     it; none configured fails the line
 * @param insecureRegistries registry hosts ({@code host:port}) spoken to over plain HTTP, like
 *     Docker's {@code insecure-registries}; every other registry is HTTPS
 * @param registryUsername user for the registry's token service or basic auth; absent = anonymous
 * @param registryPassword the user's password or token, by reference
 * @param timeout every registry request's bound
 * @param sbom this release's CycloneDX SBOM; absent fails the SBOM line
 * @param previousSbom the previous release's CycloneDX SBOM; absent fails the SBOM line
 * @param vulnerabilityReport a scanner's JSON report of this release; absent = vulnerabilities not
 *     judged (said so in the line)
 * @param maxVulnerabilities allowed count per severity (critical, high, medium, low, negligible,
 *     unknown); unlisted severities are not limited
 */
public record SupplyChain(
    List<Path> cosignPublicKeys,
    List<String> insecureRegistries,
    Optional<String> registryUsername,
    Optional<Secret> registryPassword,
    Duration timeout,
    Optional<Path> sbom,
    Optional<Path> previousSbom,
    Optional<Path> vulnerabilityReport,
    Map<String, Integer> maxVulnerabilities) {

  /** Severities as Grype and Trivy name them (lower-cased). */
  public static final Set<String> SEVERITIES =
      Set.of("critical", "high", "medium", "low", "negligible", "unknown");

  public SupplyChain {
    cosignPublicKeys = List.copyOf(cosignPublicKeys);
    insecureRegistries = List.copyOf(insecureRegistries);
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, e.g. 10s, got " + timeout);
    }
    if (registryPassword.isPresent() && registryUsername.isEmpty()) {
      throw new IllegalArgumentException(
          "registry_password is set but registry_username is not; give both, or neither for anonymous pulls");
    }
    for (Map.Entry<String, Integer> limit : maxVulnerabilities.entrySet()) {
      if (!SEVERITIES.contains(limit.getKey().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "max_vulnerabilities.%s is not a severity; use one of %s, e.g. {critical: 0, high: 0}"
                .formatted(limit.getKey(), new java.util.TreeSet<>(SEVERITIES)));
      }
      if (limit.getValue() == null || limit.getValue() < 0) {
        throw new IllegalArgumentException(
            "max_vulnerabilities.%s must be a count >= 0, got %s"
                .formatted(limit.getKey(), limit.getValue()));
      }
    }
    maxVulnerabilities = Map.copyOf(maxVulnerabilities);
  }
}
