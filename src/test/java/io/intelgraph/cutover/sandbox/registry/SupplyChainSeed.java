package io.intelgraph.cutover.sandbox.registry;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox's release looks like to the supply-chain lines: the API's stable and canary
 * images pushed to the sandbox registry and signed with a key generated here, one in each format
 * cosign attaches (the stable release's legacy {@code .sig} tag, the canary's Sigstore bundle
 * referrer, as a release signed before and after cosign v3 would be), the deployments' pod
 * templates pinned to them by digest, the public key written as {@code cosign.pub}, and the two
 * releases' CycloneDX SBOMs and a Grype report copied out as files; the suite is configured with
 * all of it by the same keys a user sets ({@code supply_chain.*}).
 */
public final class SupplyChainSeed {

  public static final String API_REPOSITORY = "intelgraph/api";
  private static final String FIXTURES = "/sandbox/supply-chain/";

  private SupplyChainSeed() {}

  /** How cosign attached an image's signature: the legacy {@code .sig} tag or a bundle referrer. */
  public enum Signing {
    LEGACY_SIG,
    SIGSTORE_BUNDLE
  }

  /** A deployment whose image is pushed as {@code tag} and signed the {@code signing} way. */
  public record Release(String deployment, String tag, Signing signing) {}

  /**
   * Pushes, signs and pins the images; returns the configuration overrides (dotted keys) that point
   * the suite at them.
   */
  public static Map<String, String> seed(
      RegistryServer registry,
      KubernetesClient client,
      String namespace,
      List<Release> releases,
      Path workDir) {
    ImagePublisher publisher = new ImagePublisher(registry.baseUrl());
    KeyPair releaseKey = ImagePublisher.newSigningKey();
    for (Release release : releases) {
      String digest =
          publisher.pushImage(API_REPOSITORY, release.tag(), "intelgraph api " + release.tag());
      switch (release.signing()) {
        case LEGACY_SIG -> publisher.sign(API_REPOSITORY, digest, digest, releaseKey);
        case SIGSTORE_BUNDLE -> publisher.signBundle(API_REPOSITORY, digest, digest, releaseKey);
      }
      String reference = publisher.reference(API_REPOSITORY, digest);
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(release.deployment())
          .edit(
              d -> {
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .forEach(c -> c.setImage(reference));
                return d;
              });
    }
    try {
      Path dir = Files.createDirectories(workDir.resolve("supply-chain"));
      Map<String, String> overrides = new LinkedHashMap<>();
      overrides.put(
          "supply_chain.cosign_public_keys",
          Files.writeString(dir.resolve("cosign.pub"), ImagePublisher.publicKeyPem(releaseKey))
              .toString());
      overrides.put("supply_chain.insecure_registries", registry.host());
      overrides.put("supply_chain.previous_sbom", copy("previous.cdx.json", dir).toString());
      overrides.put("supply_chain.sbom", copy("current.cdx.json", dir).toString());
      overrides.put("supply_chain.vulnerability_report", copy("grype.json", dir).toString());
      return overrides;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the sandbox's supply-chain files under " + workDir, e);
    }
  }

  private static Path copy(String fixture, Path dir) throws IOException {
    try (InputStream in = SupplyChainSeed.class.getResourceAsStream(FIXTURES + fixture)) {
      if (in == null)
        throw new IllegalStateException(
            "sandbox fixture " + FIXTURES + fixture + " is missing from the classpath");
      Path target = dir.resolve(fixture);
      Files.copy(in, target);
      return target;
    }
  }
}
