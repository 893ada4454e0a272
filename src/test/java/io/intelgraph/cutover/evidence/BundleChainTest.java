package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.evidence.EvidenceVerifier.Kind;
import io.intelgraph.cutover.evidence.EvidenceVerifier.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The day-3 record chained to the T+120 bundle, and every way the chain or a bundle breaks. */
class BundleChainTest {

  static final Clock T120 = Clock.fixed(Instant.parse("2026-12-04T11:00:00Z"), ZoneOffset.UTC);
  static final Clock DAY3 = Clock.fixed(Instant.parse("2026-12-07T09:30:00Z"), ZoneOffset.UTC);
  static final String RELEASE = "v1.0.0-GA";

  @TempDir Path dir;
  Path out;
  EvidenceBundle.Sealed t120;
  EvidenceBundle.Sealed closeout;
  Manifest.Chain chain;

  @BeforeEach
  void sealBoth() throws IOException {
    out = Files.createDirectories(dir.resolve("target"));
    Path evidence = Files.createDirectories(dir.resolve("evidence"));
    Files.writeString(evidence.resolve("cutover_summary.json"), "{\"rollbacks\":0}");
    t120 =
        new EvidenceBundle(RELEASE, SigningKey.generate(), T120)
            .seal(out, List.of(new EvidenceBundle.Source("evidence", evidence)));
    chain = new Manifest.Chain(t120.zip().getFileName().toString(), RELEASE, digest(t120));
    Path day3 = Files.createDirectories(dir.resolve("closeout"));
    Files.writeString(
        day3.resolve("dashboard-export-api_p95.csv"), "time,unix_seconds,series,value\n");
    closeout =
        EvidenceBundle.closeout(RELEASE, SigningKey.generate(), DAY3, chain)
            .seal(out, List.of(new EvidenceBundle.Source("closeout", day3)));
  }

  @Test
  void theCloseoutBundleIsNamedForItsStageAndItsSignedManifestCarriesTheChain() throws IOException {
    assertThat(closeout.zip().getFileName()).hasToString("cutover-closeout-v1.0.0-GA.zip");
    assertThat(closeout.publicJwk().getFileName())
        .hasToString("cutover-closeout-v1.0.0-GA.public.jwk.json");
    assertThat(manifestJson(closeout))
        .contains("\"chained_to\"")
        .contains("\"bundle\" : \"cutover-evidence-v1.0.0-GA.zip\"")
        .contains("\"manifest_digest\" : \"" + chain.manifestDigest() + "\"");
    assertThat(manifestJson(t120))
        .as("a T+120 manifest is what it always was")
        .doesNotContain("chained_to");
  }

  @Test
  void bothBundlesAndTheLinkVerifyWithTheT120BundleFoundBesideTheRecord() {
    BundleChain.Result result = verify(Optional.empty(), Optional.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.valid()).isTrue();
    assertThat(result.link())
        .get()
        .extracting(BundleChain.Link::bundle)
        .isEqualTo(t120.zip().toAbsolutePath());
    assertThat(
            result.link().orElseThrow().verified().orElseThrow().manifest().orElseThrow().release())
        .isEqualTo(RELEASE);
  }

  @Test
  void aByteChangedInTheCloseoutBundleIsNamed() throws IOException {
    rewrite(
        closeout.zip(),
        "closeout/dashboard-export-api_p95.csv",
        "time,unix_seconds,series,value\nx\n");

    assertThat(verify(Optional.empty(), Optional.empty()).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.CHANGED);
              assertThat(p.path()).isEqualTo("closeout/dashboard-export-api_p95.csv");
            });
  }

  @Test
  void aByteChangedInTheT120BundleIsNamedWithThatBundle() throws IOException {
    rewrite(t120.zip(), "evidence/cutover_summary.json", "{\"rollbacks\":1}");

    BundleChain.Result result = verify(Optional.empty(), Optional.empty());

    assertThat(result.valid()).isFalse();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.CHANGED);
              assertThat(p.path())
                  .isEqualTo("cutover-evidence-v1.0.0-GA.zip!evidence/cutover_summary.json");
              assertThat(p.detail()).contains("the manifest says sha256 ");
            });
  }

  @Test
  void aWrongKeyForEitherBundleIsASignatureProblem() throws IOException {
    BundleChain.Result wrongRecordKey =
        BundleChain.verify(
            closeout.zip(), SigningKey.generate().publicJwk(), Optional.empty(), Optional.empty());
    assertThat(wrongRecordKey.problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.SIGNATURE, "manifest.jws"));

    Path otherKey = dir.resolve("other.public.jwk.json");
    Files.writeString(otherKey, SigningKey.generate().publicJwk().toJSONString());
    BundleChain.Result wrongT120Key = verify(Optional.empty(), Optional.of(otherKey));
    assertThat(wrongT120Key.valid()).isFalse();
    assertThat(wrongT120Key.problems())
        .extracting(Problem::toString)
        .singleElement()
        .asString()
        .startsWith(
            "SIGNATURE cutover-evidence-v1.0.0-GA.zip!manifest.jws: the signature does not verify");
  }

  @Test
  void aChainPointingAtAnotherT120BundleIsRefusedWithBothDigests() throws IOException {
    Path evidence = Files.createDirectories(dir.resolve("other-attempt"));
    Files.writeString(evidence.resolve("cutover_summary.json"), "{\"rollbacks\":2}");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    EvidenceBundle.Sealed other =
        new EvidenceBundle(RELEASE, SigningKey.generate(), T120)
            .seal(elsewhere, List.of(new EvidenceBundle.Source("evidence", evidence)));
    // the other attempt's bundle and key put where the chain's bundle was
    Files.copy(other.zip(), t120.zip(), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(other.publicJwk(), t120.publicJwk(), StandardCopyOption.REPLACE_EXISTING);

    BundleChain.Result result = verify(Optional.empty(), Optional.empty());

    assertThat(result.valid()).isFalse();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.CHAIN);
              assertThat(p.detail())
                  .contains(
                      "the chain names cutover-evidence-v1.0.0-GA.zip (release v1.0.0-GA, manifest "
                          + chain.manifestDigest())
                  .contains("holds manifest " + digest(other))
                  .endsWith("another T+120 bundle");
            });
  }

  @Test
  void aT120BundleSwappedWithItsManifestButSignedByAnotherKeyIsRefused() throws IOException {
    // the same manifest bytes re-signed with another key: the digest matches, the key does not
    SigningKey forger = SigningKey.generate();
    var files = EvidenceBundleTest.entries(t120.zip());
    files.put(
        Manifest.JWS, forger.sign(files.get(Manifest.JSON)).getBytes(StandardCharsets.US_ASCII));
    try (OutputStream stream = Files.newOutputStream(t120.zip());
        ZipOutputStream zip = new ZipOutputStream(stream)) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    Files.writeString(t120.publicJwk(), forger.publicJwk().toJSONString());

    assertThat(verify(Optional.empty(), Optional.empty()).problems())
        .extracting(Problem::toString)
        .singleElement()
        .asString()
        .startsWith("CHAIN cutover-evidence-v1.0.0-GA.zip: verified with key " + forger.keyId())
        .contains("but its manifest names key " + t120.manifest().keyId());
  }

  @Test
  void aMissingT120BundleNamesWhereItWasLookedFor() throws IOException {
    Files.delete(t120.zip());

    assertThat(verify(Optional.empty(), Optional.empty()).problems())
        .extracting(Problem::toString)
        .containsExactly(
            "CHAIN cutover-evidence-v1.0.0-GA.zip: the T+120 bundle cutover-evidence-v1.0.0-GA.zip (release v1.0.0-GA, manifest %s) is not at %s; put it there with its public key (CI: restore the evidence job's bundle, or download it from the release), or give verify-evidence --previous-bundle"
                .formatted(chain.manifestDigest(), t120.zip().toAbsolutePath()));
  }

  @Test
  void aT120BundleGivenElsewhereIsFollowedThere() throws IOException {
    Path moved = Files.createDirectories(dir.resolve("downloaded"));
    Path zip = Files.move(t120.zip(), moved.resolve("t120.zip"));
    Path key = Files.move(t120.publicJwk(), moved.resolve("t120.jwk.json"));

    assertThat(verify(Optional.of(zip), Optional.of(key)).valid()).isTrue();
  }

  @Test
  void aT120BundleAloneHasNoChainToFollow() {
    BundleChain.Result result =
        BundleChain.verify(
            t120.zip(),
            EvidenceVerifier.readPublicKey(t120.publicJwk()),
            Optional.empty(),
            Optional.empty());

    assertThat(result.valid()).isTrue();
    assertThat(result.link()).isEmpty();
  }

  BundleChain.Result verify(Optional<Path> previous, Optional<Path> previousKey) {
    return BundleChain.verify(
        closeout.zip(),
        EvidenceVerifier.readPublicKey(closeout.publicJwk()),
        previous,
        previousKey);
  }

  static String digest(EvidenceBundle.Sealed sealed) {
    return ManifestDigest.of(sealed.zip());
  }

  static String manifestJson(EvidenceBundle.Sealed sealed) throws IOException {
    return new String(
        EvidenceBundleTest.entries(sealed.zip()).get(Manifest.JSON), StandardCharsets.UTF_8);
  }

  /** Changes one file inside a bundle, leaving its manifest as sealed. */
  static void rewrite(Path zip, String path, String content) throws IOException {
    try (var fs = FileSystems.newFileSystem(zip)) {
      Files.writeString(fs.getPath(path), content);
    }
  }
}
