package io.intelgraph.cutover.sandbox.registry;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox's release looks like to the supply-chain lines: the API's stable and canary
 * images pushed to the sandbox registry and signed in cosign's format with a key generated here,
 * the deployments' pod templates pinned to them by digest, the public key written as {@code
 * cosign.pub}, and the two releases' CycloneDX SBOMs and a Grype report copied out as files; the
 * suite is configured with all of it by the same keys a user sets ({@code supply_chain.*}).
 */
public final class SupplyChainSeed {

  public static final String API_REPOSITORY = "intelgraph/api";
  private static final String FIXTURES = "/sandbox/supply-chain/";

  private SupplyChainSeed() {}

  /**
   * Pushes, signs and pins the images; returns the configuration overrides (dotted keys) that point
   * the suite at them.
   */
  public static Map<String, String> seed(
      RegistryServer registry,
      KubernetesClient client,
      String namespace,
      Map<String, String> deploymentTags,
      Path workDir) {
    ImagePublisher publisher = new ImagePublisher(registry.baseUrl());
    KeyPair releaseKey = ImagePublisher.newSigningKey();
    deploymentTags.forEach(
        (deployment, tag) -> {
          String digest = publisher.pushImage(API_REPOSITORY, tag, "intelgraph api " + tag);
          publisher.sign(API_REPOSITORY, digest, digest, releaseKey);
          String reference = publisher.reference(API_REPOSITORY, digest);
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(deployment)
              .edit(
                  d -> {
                    d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .forEach(c -> c.setImage(reference));
                    return d;
                  });
        });
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
