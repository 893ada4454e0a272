package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the evidence goes and how it is sealed.
 *
 * <pre>{@code
 * evidence:
 *   directory: target/cutover-evidence          # files land in <directory>/<release>/
 *   signing_key: {env: EVIDENCE_SIGNING_KEY}   # private JWK or PKCS#8 PEM; absent: a one-off key
 *   allure_history: target/site/allure-maven-plugin/history
 *   report_window: 2h                           # the SLO report: T-0 .. T-0 + 2h (T+120)
 *   allow_partial: false                        # true seals before the last gate check, marked PARTIAL
 * }</pre>
 *
 * @param directory root of the evidence files; each release gets its own sub-directory
 * @param signingKey the key that signs the bundle's manifest (RSA: RS256, EC P-256: ES256); when
 *     absent a key is generated per bundle, its public half written beside the bundle and its
 *     private half never written anywhere
 * @param allureHistory the previous report's {@code history} directory, carried into the next run
 * @param reportWindow how long after the runbook's T-0 the T+120 SLO report ranges (the runbook's 2
 *     hours), clipped to the time the report is made
 * @param allowPartial whether the T+120 phase may seal its bundle while a gate check of the attempt
 *     is still due; the bundle then says it is PARTIAL. Otherwise the phase is refused until the
 *     last gate check is recorded
 */
public record EvidenceSpec(
    Path directory,
    Optional<Secret> signingKey,
    Path allureHistory,
    Duration reportWindow,
    boolean allowPartial) {
  public EvidenceSpec {
    if (reportWindow.isZero() || reportWindow.isNegative()) {
      throw new IllegalArgumentException(
          "report_window must be positive, e.g. 2h (T-0 to T+120), got " + reportWindow);
    }
    if (directory.toString().isBlank()) {
      throw new IllegalArgumentException(
          "evidence directory is empty; give a path, e.g. target/cutover-evidence");
    }
  }
}
