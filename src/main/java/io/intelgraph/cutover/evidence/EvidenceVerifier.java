package io.intelgraph.cutover.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import tools.jackson.core.JacksonException;

/**
 * Proves an evidence bundle is what was sealed: the manifest's signature verifies with the given
 * public key, {@code manifest.json} is byte for byte the signed manifest, and every file's SHA-256
 * and size match; any file changed, added or removed is named.
 *
 * <pre>{@code
 * EvidenceVerifier.Result result = EvidenceVerifier.verify(zip, EvidenceVerifier.readPublicKey(jwkFile));
 * if (!result.valid()) result.problems().forEach(System.out::println);
 * }</pre>
 *
 * <p>The signed payload in {@code manifest.jws} is the reference; {@code manifest.json} is only a
 * readable copy, and an edited copy is itself a problem.
 */
public final class EvidenceVerifier {

  /** What kind of problem a bundle has. */
  public enum Kind {
    /** The bundle cannot be read as a zip, or holds an entry twice. */
    MALFORMED,
    /** The signature is missing, malformed, or does not verify with the given key. */
    SIGNATURE,
    /** {@code manifest.json} differs from the signed manifest. */
    MANIFEST,
    /** A file's content differs from its manifest entry. */
    CHANGED,
    /** A file is in the bundle but not in the manifest. */
    ADDED,
    /** A file is in the manifest but not in the bundle. */
    REMOVED,
    /**
     * The bundle a chained manifest names is missing, or is not the bundle it names (see {@link
     * BundleChain}).
     */
    CHAIN
  }

  /** One problem, naming the file. */
  public record Problem(Kind kind, String path, String detail) {
    @Override
    public String toString() {
      return kind + " " + path + ": " + detail;
    }
  }

  /** The verdict on a bundle; valid when there is no problem. */
  public record Result(List<Problem> problems, Optional<Manifest> manifest) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return problems.isEmpty() && manifest.isPresent();
    }
  }

  private record Content(String sha256, long size, byte[] bytes) {}

  private EvidenceVerifier() {}

  /**
   * Reads a public JWK (RSA or EC) from a file, e.g. {@code
   * cutover-evidence-v1.0.0-GA.public.jwk.json}.
   *
   * @throws EvidenceException if the file is missing or holds no RSA or EC JWK
   */
  public static JWK readPublicKey(Path file) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvidenceException(
          "public key %s cannot be read (%s); give the .public.jwk.json published with the bundle"
              .formatted(file, e.getClass().getSimpleName()));
    }
    try {
      JWK jwk = JWK.parse(text.strip());
      if (!(jwk instanceof RSAKey) && !(jwk instanceof ECKey)) {
        throw new EvidenceException(
            "public key %s is a %s key; expected RSA or EC".formatted(file, jwk.getKeyType()));
      }
      return jwk.toPublicJWK();
    } catch (ParseException e) {
      throw new EvidenceException(
          "public key %s is not a JWK (%s); give the .public.jwk.json published with the bundle"
              .formatted(file, e.getMessage()));
    }
  }

  /** Verifies the bundle against the public key; never throws for a bad bundle, it reports it. */
  public static Result verify(Path bundle, JWK publicKey) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Content> entries = readEntries(bundle, problems);
    if (entries == null) return new Result(problems, Optional.empty());

    Content signature = entries.remove(Manifest.JWS);
    Content copy = entries.remove(Manifest.JSON);
    if (signature == null) {
      problems.add(new Problem(Kind.SIGNATURE, Manifest.JWS, "missing; the bundle is not signed"));
      return new Result(problems, Optional.empty());
    }
    byte[] signed =
        verifySignature(
            new String(signature.bytes(), StandardCharsets.US_ASCII).strip(), publicKey, problems);
    if (signed == null) return new Result(problems, Optional.empty());

    Manifest manifest;
    try {
      manifest = JsonMappers.SNAKE_CASE.readValue(signed, Manifest.class);
    } catch (JacksonException | IllegalArgumentException e) {
      problems.add(
          new Problem(
              Kind.MANIFEST,
              Manifest.JWS,
              "the signed manifest cannot be read: " + e.getMessage()));
      return new Result(problems, Optional.empty());
    }
    if (copy == null) {
      problems.add(
          new Problem(
              Kind.MANIFEST,
              Manifest.JSON,
              "missing; the signed manifest in manifest.jws is intact"));
    } else if (!Arrays.equals(copy.bytes(), signed)) {
      problems.add(
          new Problem(
              Kind.MANIFEST,
              Manifest.JSON,
              "differs from the signed manifest in manifest.jws; it was edited"));
    }
    for (Manifest.Entry expected : manifest.entries()) {
      Content actual = entries.remove(expected.path());
      if (actual == null) {
        problems.add(
            new Problem(
                Kind.REMOVED,
                expected.path(),
                "listed in the manifest (sha256 %s) but not in the bundle"
                    .formatted(expected.sha256())));
      } else if (!actual.sha256().equals(expected.sha256()) || actual.size() != expected.size()) {
        problems.add(
            new Problem(
                Kind.CHANGED,
                expected.path(),
                "sha256 %s, %d bytes; the manifest says sha256 %s, %d bytes"
                    .formatted(
                        actual.sha256(), actual.size(), expected.sha256(), expected.size())));
      }
    }
    entries.forEach(
        (path, content) ->
            problems.add(
                new Problem(
                    Kind.ADDED,
                    path,
                    "in the bundle (sha256 %s) but not in the signed manifest"
                        .formatted(content.sha256()))));
    return new Result(problems, Optional.of(manifest));
  }

  private static byte[] verifySignature(String compact, JWK publicKey, List<Problem> problems) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact);
    } catch (ParseException e) {
      problems.add(
          new Problem(
              Kind.SIGNATURE, Manifest.JWS, "not a compact JWS (%s)".formatted(e.getMessage())));
      return null;
    }
    JWSAlgorithm alg = jws.getHeader().getAlgorithm();
    String kid = jws.getHeader().getKeyID();
    try {
      JWSVerifier verifier;
      if (publicKey instanceof RSAKey rsa && JWSAlgorithm.RS256.equals(alg)) {
        verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
      } else if (publicKey instanceof ECKey ec && JWSAlgorithm.ES256.equals(alg)) {
        verifier = new ECDSAVerifier(ec.toECPublicKey());
      } else {
        problems.add(
            new Problem(
                Kind.SIGNATURE,
                Manifest.JWS,
                "signed with %s (kid %s), which the given %s key cannot verify; use the key published with this bundle"
                    .formatted(alg, kid, publicKey.getKeyType())));
        return null;
      }
      if (!jws.verify(verifier)) {
        problems.add(
            new Problem(
                Kind.SIGNATURE,
                Manifest.JWS,
                "the signature does not verify with the given public key (kid %s; the bundle names kid %s)"
                    .formatted(thumbprint(publicKey), kid)));
        return null;
      }
    } catch (JOSEException e) {
      problems.add(
          new Problem(Kind.SIGNATURE, Manifest.JWS, "cannot be verified: " + e.getMessage()));
      return null;
    }
    return jws.getPayload().toBytes();
  }

  static String thumbprint(JWK key) {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      return "unknown";
    }
  }

  private static Map<String, Content> readEntries(Path bundle, List<Problem> problems) {
    String name = String.valueOf(bundle.getFileName());
    Map<String, Content> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(bundle);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) continue;
        byte[] content = zip.readAllBytes();
        if (entries.put(
                entry.getName(), new Content(Digests.sha256(content), content.length, content))
            != null) {
          problems.add(new Problem(Kind.MALFORMED, entry.getName(), "appears twice in the bundle"));
        }
      }
    } catch (ZipException e) {
      problems.add(
          new Problem(Kind.MALFORMED, name, "not a readable zip (%s)".formatted(e.getMessage())));
      return null;
    } catch (IOException e) {
      problems.add(
          new Problem(Kind.MALFORMED, name, "cannot be read (%s)".formatted(e.getMessage())));
      return null;
    }
    if (entries.isEmpty()) {
      problems.add(new Problem(Kind.MALFORMED, name, "holds no entries; is it a zip?"));
      return null;
    }
    return entries;
  }
}
