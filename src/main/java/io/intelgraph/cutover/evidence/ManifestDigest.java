package io.intelgraph.cutover.evidence;

import com.nimbusds.jose.JWSObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The digest that names one sealed evidence bundle: {@code sha256:<hex>} of its signed manifest
 * (the payload of {@code manifest.jws}, byte for byte {@code manifest.json}). Approvals sign it, so
 * a go-live approval holds for exactly the evidence its signer looked at.
 *
 * <pre>{@code
 * String digest = ManifestDigest.of(Path.of("target/cutover-evidence-v1.0.0-GA.zip"));  // sha256:9f86...
 * }</pre>
 */
public final class ManifestDigest {

  private static final String PREFIX = "sha256:";

  /**
   * How the evidence phase records the sealed bundle's digest in the ledger (an attestation's
   * text).
   */
  public static final String SEALED = "Evidence manifest sealed: ";

  private ManifestDigest() {}

  /**
   * The digest of the signed manifest of a bundle; the bundle's signature is {@code
   * verify-evidence}'s job.
   */
  public static String of(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (Manifest.JWS.equals(entry.getName())) {
          String compact = new String(zip.readAllBytes(), StandardCharsets.US_ASCII).strip();
          return ofManifest(JWSObject.parse(compact).getPayload().toBytes());
        }
      }
    } catch (IOException e) {
      throw new EvidenceException(
          "evidence bundle %s cannot be read (%s); give the path of cutover-evidence-<release>.zip"
              .formatted(bundle, e.getMessage()));
    } catch (ParseException e) {
      throw new EvidenceException(
          "evidence bundle %s: %s is not a compact JWS (%s); verify it with verify-evidence"
              .formatted(bundle, Manifest.JWS, e.getMessage()));
    }
    throw new EvidenceException(
        "evidence bundle %s holds no %s; it is not a sealed bundle"
            .formatted(bundle, Manifest.JWS));
  }

  /** The digest of a manifest's exact bytes. */
  public static String ofManifest(byte[] manifestJson) {
    return PREFIX + Digests.sha256(manifestJson);
  }

  /** Checks the written form, e.g. from {@code --manifest-digest}; returns it lower-cased. */
  public static String parse(String text) {
    String digest = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "manifest digest '%s' is not sha256:<64 hex digits>; take it from the evidence phase's output or pass --evidence ZIP"
              .formatted(text));
    }
    return digest;
  }

  /**
   * The ledger's record of the newest sealed manifest of this attempt, if the evidence phase ran.
   */
  public static java.util.Optional<io.intelgraph.cutover.ledger.Attestation> sealedIn(
      io.intelgraph.cutover.ledger.Ledger ledger) {
    return ledger.attestations().stream()
        .filter(a -> a.what().startsWith(SEALED))
        .max(java.util.Comparator.comparing(io.intelgraph.cutover.ledger.Attestation::at));
  }

  /** The digest in such a record. */
  public static String digestOf(io.intelgraph.cutover.ledger.Attestation sealed) {
    return parse(sealed.what().substring(SEALED.length()).split(" ")[0]);
  }
}
