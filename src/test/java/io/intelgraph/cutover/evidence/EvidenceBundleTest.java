package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import io.intelgraph.cutover.evidence.EvidenceVerifier.Kind;
import io.intelgraph.cutover.evidence.EvidenceVerifier.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceBundleTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-21T17:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  Path evidence;
  Path results;
  EvidenceBundle.Sealed sealed;
  JWK publicKey;

  @BeforeEach
  void seal() throws IOException {
    evidence = Files.createDirectories(dir.resolve("cutover-evidence/v1.0.0-GA"));
    results = Files.createDirectories(dir.resolve("allure-results"));
    Files.createDirectories(evidence.resolve("gate"));
    Files.writeString(evidence.resolve("gate/api_p95-answer.json"), "{\"status\":\"success\"}");
    Files.writeString(evidence.resolve("cutover_summary.json"), "{\"rollbacks\":0}");
    Files.writeString(results.resolve("0a1b-result.json"), "{\"status\":\"passed\"}");
    Files.writeString(results.resolve("categories.json"), "[]");

    sealed = new EvidenceBundle("v1.0.0-GA", SigningKey.generate(), CLOCK).seal(dir, sources());
    publicKey = EvidenceVerifier.readPublicKey(sealed.publicJwk());
  }

  List<EvidenceBundle.Source> sources() {
    return List.of(
        new EvidenceBundle.Source("evidence", evidence),
        new EvidenceBundle.Source("allure-results", results));
  }

  @Test
  void aSealedBundleListsEveryFileAndVerifies() throws IOException {
    assertThat(sealed.zip()).isEqualTo(dir.resolve("cutover-evidence-v1.0.0-GA.zip"));
    assertThat(sealed.manifest().entries())
        .extracting(Manifest.Entry::path)
        .containsExactly(
            "evidence/cutover_summary.json", "evidence/gate/api_p95-answer.json",
            "allure-results/0a1b-result.json", "allure-results/categories.json");
    assertThat(sealed.manifest().created()).isEqualTo(CLOCK.instant());
    assertThat(sealed.manifest().algorithm()).isEqualTo("ES256");
    assertThat(entries(sealed.zip()).keySet()).startsWith("manifest.json", "manifest.jws");

    EvidenceVerifier.Result result = EvidenceVerifier.verify(sealed.zip(), publicKey);

    assertThat(result.problems()).isEmpty();
    assertThat(result.valid()).isTrue();
    assertThat(result.manifest().orElseThrow().release()).isEqualTo("v1.0.0-GA");
  }

  @Test
  void thePublicKeyIsWrittenBesideTheBundleAndThePrivateKeyNowhere() throws Exception {
    String jwk = Files.readString(sealed.publicJwk());

    assertThat(sealed.publicJwk()).hasFileName("cutover-evidence-v1.0.0-GA.public.jwk.json");
    assertThat(JWK.parse(jwk.strip()).isPrivate()).isFalse();
    assertThat(jwk).doesNotContain("\"d\"");
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> read(f)))
          .noneMatch(content -> content.contains("\"d\":"));
    }
  }

  @Test
  void aChangedFileIsNamed() throws IOException {
    rewrite(
        files ->
            files.put(
                "evidence/cutover_summary.json",
                "{\"rollbacks\":0} ".getBytes(StandardCharsets.UTF_8)));

    assertThat(problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.CHANGED);
              assertThat(p.path()).isEqualTo("evidence/cutover_summary.json");
              assertThat(p.detail())
                  .contains("16 bytes; the manifest says sha256")
                  .endsWith(", 15 bytes");
            });
  }

  @Test
  void anAddedFileIsNamed() throws IOException {
    rewrite(
        files ->
            files.put(
                "evidence/gate/late-addition.txt", "all green".getBytes(StandardCharsets.UTF_8)));

    assertThat(problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "evidence/gate/late-addition.txt"));
  }

  @Test
  void aRemovedFileIsNamed() throws IOException {
    rewrite(files -> files.remove("allure-results/0a1b-result.json"));

    assertThat(problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, "allure-results/0a1b-result.json"));
  }

  @Test
  void anEditedManifestIsCaughtAndTheFileItHidIsStillNamed() throws IOException {
    rewrite(
        files -> {
          files.put(
              "evidence/cutover_summary.json",
              "{\"rollbacks\":9}".getBytes(StandardCharsets.UTF_8));
          String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
          String honest = Digests.sha256("{\"rollbacks\":0}".getBytes(StandardCharsets.UTF_8));
          String forged = Digests.sha256("{\"rollbacks\":9}".getBytes(StandardCharsets.UTF_8));
          files.put(
              "manifest.json", manifest.replace(honest, forged).getBytes(StandardCharsets.UTF_8));
        });

    assertThat(problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.MANIFEST, "manifest.json"),
            org.assertj.core.groups.Tuple.tuple(Kind.CHANGED, "evidence/cutover_summary.json"));
  }

  @Test
  void aManifestResignedWithAnotherKeyFailsTheSignature() throws Exception {
    SigningKey forger = SigningKey.generate();
    rewrite(
        files ->
            files.put(
                "manifest.jws",
                forger.sign(files.get("manifest.json")).getBytes(StandardCharsets.US_ASCII)));

    assertThat(problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.SIGNATURE);
              assertThat(p.detail())
                  .isEqualTo(
                      "the signature does not verify with the given public key (kid %s; the bundle names kid %s)"
                          .formatted(publicKey.computeThumbprint(), forger.keyId()));
            });
  }

  @Test
  void anotherPublicKeyDoesNotVerifyTheBundle() {
    JWK other = SigningKey.generate().publicJwk();

    EvidenceVerifier.Result result = EvidenceVerifier.verify(sealed.zip(), other);

    assertThat(result.valid()).isFalse();
    assertThat(result.problems()).extracting(Problem::kind).containsExactly(Kind.SIGNATURE);
  }

  @Test
  void anUnsignedOrUnreadableBundleIsInvalidNotAnError() throws IOException {
    rewrite(files -> files.remove("manifest.jws"));
    assertThat(problems())
        .extracting(Problem::toString)
        .containsExactly("SIGNATURE manifest.jws: missing; the bundle is not signed");

    Files.writeString(sealed.zip(), "not a zip");
    assertThat(problems()).extracting(Problem::kind).containsExactly(Kind.MALFORMED);
  }

  @Test
  void aMissingSourceDirectoryIsRefusedWithTheFix() {
    EvidenceBundle bundle = new EvidenceBundle("v1", SigningKey.generate(), CLOCK);

    assertThatThrownBy(
            () ->
                bundle.seal(
                    dir, List.of(new EvidenceBundle.Source("evidence", dir.resolve("nope")))))
        .hasMessage(
            "bundle source 'evidence': %s is not a directory; run the phases that write it first, or drop the source",
            dir.resolve("nope"));
  }

  @Test
  void theBundleDoesNotSealItselfWhenWrittenInsideASource() throws IOException {
    EvidenceBundle.Sealed inside =
        new EvidenceBundle("v1.0.0-GA", SigningKey.generate(), CLOCK).seal(evidence, sources());
    EvidenceBundle.Sealed again =
        new EvidenceBundle("v1.0.0-GA", SigningKey.generate(), CLOCK).seal(evidence, sources());

    assertThat(again.manifest().entries())
        .extracting(Manifest.Entry::path)
        .doesNotContain(
            "evidence/" + inside.zip().getFileName(),
            "evidence/" + inside.publicJwk().getFileName());
  }

  List<Problem> problems() {
    return EvidenceVerifier.verify(sealed.zip(), publicKey).problems();
  }

  void rewrite(Consumer<Map<String, byte[]>> change) throws IOException {
    Map<String, byte[]> files = entries(sealed.zip());
    change.accept(files);
    try (OutputStream out = Files.newOutputStream(sealed.zip());
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
  }

  static Map<String, byte[]> entries(Path zipFile) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zipFile);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry())
        files.put(e.getName(), zip.readAllBytes());
    }
    return files;
  }

  static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void earlierBundlesAreRemovedSoNoneStandsForAnotherAttempt() throws IOException {
    Path output = Files.createDirectories(dir.resolve("out"));
    Files.writeString(output.resolve("cutover-evidence-v1.0.0-GA.zip"), "bundle of attempt 1");
    Files.writeString(output.resolve("cutover-evidence-v1.0.0-GA.public.jwk.json"), "{}");
    Files.writeString(output.resolve("cutover-evidence-v0.9.zip"), "another release");
    Files.writeString(output.resolve("cutover-ledger.json"), "{}");
    Files.createDirectories(output.resolve("cutover-evidence"));

    List<Path> removed = EvidenceBundle.removeEarlierBundles(output);

    assertThat(removed)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "cutover-evidence-v0.9.zip",
            "cutover-evidence-v1.0.0-GA.public.jwk.json",
            "cutover-evidence-v1.0.0-GA.zip");
    try (var left = Files.list(output)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("cutover-ledger.json", "cutover-evidence");
    }
    assertThat(EvidenceBundle.removeEarlierBundles(dir.resolve("absent"))).isEmpty();
  }
}
