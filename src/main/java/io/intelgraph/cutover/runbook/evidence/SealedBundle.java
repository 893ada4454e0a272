package io.intelgraph.cutover.runbook.evidence;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.Digests;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.EvidenceVerifier;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * T+120 "Evidence bundle" and "Release artifacts attached": the evidence written so far and the
 * Allure results sealed into one signed, hashed bundle, its manifest digest recorded in the ledger
 * (the go-live approvals sign over it), then the bundle verified as a release would. The second
 * line reads the bundle the first one sealed, so one instance serves both.
 *
 * <pre>{@code
 * SealedBundle bundle = new SealedBundle(evidence, bundleDirectory, allureResults, System.out::println);
 * assertThat(bundle.evidenceBundle().run(context)).passed();
 * assertThat(bundle.releaseArtifactsAttached().run(context)).passed();
 * }</pre>
 */
public final class SealedBundle {

  private final EvidenceWriter evidence;
  private final Path bundleDirectory;
  private final Path allureResults;
  private final Consumer<String> console;
  private EvidenceBundle.Sealed sealed;

  /**
   * @param bundleDirectory where the bundle and its public key are written
   * @param allureResults the Allure results sealed beside the evidence
   * @param console where the operator reads how to verify and approve the bundle
   */
  public SealedBundle(
      EvidenceWriter evidence, Path bundleDirectory, Path allureResults, Consumer<String> console) {
    this.evidence = evidence;
    this.bundleDirectory = bundleDirectory;
    this.allureResults = allureResults;
    this.console = console;
  }

  /** Seals the evidence and the Allure results; records the manifest digest in the ledger. */
  public RunbookLine evidenceBundle() {
    return context -> {
      Environment env = context.environment();
      LineReport.Builder report = context.report();
      String release = env.release().tag();
      SigningKey key;
      EvidenceBundle.Sealed bundle;
      try {
        key = SigningKey.from(env.evidence());
        bundle =
            new EvidenceBundle(release, key, context.clock())
                .seal(
                    bundleDirectory,
                    List.of(
                        new EvidenceBundle.Source(
                            "evidence", env.evidence().directory().resolve(release)),
                        new EvidenceBundle.Source("allure-results", allureResults)));
      } catch (EvidenceException | IllegalArgumentException e) {
        return report
            .problem("evidence bundle of %s not sealed: %s", release, e.getMessage())
            .judged();
      }
      sealed = bundle;
      String where =
          """
          bundle:      %s (%d files, SHA-256 %s)
          public key:  %s
          %s
          signed by:   %s%s
          verify with: java -jar target/maestro-cutover.jar verify-evidence --bundle %s --public-key %s
          """
              .formatted(
                  bundle.zip(),
                  bundle.manifest().entries().size(),
                  Digests.sha256(read(bundle.zip())),
                  bundle.publicJwk(),
                  new String(read(bundle.publicJwk()), java.nio.charset.StandardCharsets.UTF_8)
                      .strip(),
                  key,
                  key.generated()
                      ? " (generated for this bundle; the private half was never written)"
                      : "",
                  bundle.zip(),
                  bundle.publicJwk());
      console.accept(where);
      evidence.attach("evidence bundle", "text/plain", where);
      // what the go-live approvals must sign over: the closeout compares each approval with it
      String digest = ManifestDigest.of(bundle.zip());
      console.accept("manifest digest: " + digest + " (approve --manifest-digest " + digest + ")");
      context
          .ledger()
          .update(
              l ->
                  l.withAttestation(
                      new Attestation(
                          bundle.zip().getFileName().toString(),
                          ManifestDigest.SEALED + digest + " (" + key + ")",
                          bundle.manifest().created())));
      return report
          .problemIf(
              bundle.manifest().entries().stream()
                  .noneMatch(entry -> entry.path().startsWith("evidence/")),
              "no evidence file was sealed into %s (from %s)",
              bundle.zip(),
              env.evidence().directory().resolve(release))
          .problemIf(
              bundle.manifest().entries().stream()
                  .noneMatch(entry -> entry.path().startsWith("allure-results/")),
              "no Allure result was sealed into %s (from %s)",
              bundle.zip(),
              allureResults)
          .judged();
    };
  }

  /**
   * The bundle of {@link #evidenceBundle()} verifies (signature and every digest) and holds every
   * file of its manifest; CI attaches it to the release.
   */
  public RunbookLine releaseArtifactsAttached() {
    return context -> {
      LineReport.Builder report = context.report();
      if (sealed == null) {
        return report
            .problem(
                "no bundle was sealed by the previous line (Evidence bundle) in this run; it"
                    + " must pass first")
            .judged();
      }
      EvidenceVerifier.Result result =
          EvidenceVerifier.verify(sealed.zip(), EvidenceVerifier.readPublicKey(sealed.publicJwk()));
      String listing =
          sealed.manifest().entries().stream()
              .map(entry -> "%s  %8d  %s".formatted(entry.sha256(), entry.size(), entry.path()))
              .collect(
                  Collectors.joining(
                      "\n",
                      """
                      This run does not upload: in CI the pipeline (ci/github/cutover.yml, ci/gitlab/.gitlab-ci.yml) attaches
                      %s, %s and the report to the release. Verified here: %s

                      """
                          .formatted(
                              sealed.zip().getFileName(),
                              sealed.publicJwk().getFileName(),
                              result.valid()
                                  ? "signature and every digest hold"
                                  : result.problems()),
                      "\n"));
      evidence.attach("release artifacts", "text/plain", listing);
      report.problemIf(
          !result.problems().isEmpty(),
          "verify-evidence of %s: %s",
          sealed.zip(),
          result.problems());
      int verified = result.manifest().map(m -> m.entries().size()).orElse(0);
      return report
          .problemIf(
              verified != sealed.manifest().entries().size(),
              "verify-evidence of %s read %d manifest entries; %d were sealed",
              sealed.zip(),
              verified,
              sealed.manifest().entries().size())
          .judged();
    };
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " just written: " + e.getMessage(), e);
    }
  }
}
