package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the evidence goes and how it is sealed.
 *
 * <pre>{@code
 * evidence:
 *   directory: target/cutover-evidence          # files land in <directory>/<release>/
 *   signing_key: {env: EVIDENCE_SIGNING_KEY}   # private JWK or PKCS#8 PEM; absent: a one-off key
 *   allure_history: target/site/allure-maven-plugin/history
 * }</pre>
 *
 * @param directory root of the evidence files; each release gets its own sub-directory
 * @param signingKey the key that signs the bundle's manifest (RSA: RS256, EC P-256: ES256); when
 *     absent a key is generated per bundle, its public half written beside the bundle and its
 *     private half never written anywhere
 * @param allureHistory the previous report's {@code history} directory, carried into the next run
 */
public record EvidenceSpec(Path directory, Optional<Secret> signingKey, Path allureHistory) {
  public EvidenceSpec {
    if (directory.toString().isBlank()) {
      throw new IllegalArgumentException(
          "evidence directory is empty; give a path, e.g. target/cutover-evidence");
    }
  }
}
