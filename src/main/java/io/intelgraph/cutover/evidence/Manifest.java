package io.intelgraph.cutover.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The signed list of an evidence bundle's files ({@code manifest.json}); {@code manifest.jws} signs
 * its exact bytes.
 *
 * <pre>{@code
 * {"release": "v1.0.0-GA", "created": "2025-09-21T17:00:00Z", "algorithm": "ES256", "key_id": "...",
 *  "entries": [{"path": "evidence/gate/api_p95.json", "sha256": "9f86...", "size": 812}, ...]}
 * }</pre>
 *
 * A day-3 closeout bundle's manifest also carries {@code "chained_to": {"bundle":
 * "cutover-evidence-v1.0.0-GA.zip", "release": "v1.0.0-GA", "manifest_digest": "sha256:..."}}: the
 * T+120 bundle it continues, by the digest of that bundle's signed manifest (the digest the go-live
 * approvals sign). A T+120 manifest has no such field, so its bytes are what they always were.
 *
 * @param entries every file of the bundle except the manifest and its signature, sorted by path
 * @param chainedTo the bundle this one continues, or null for a bundle that starts a record
 */
public record Manifest(
    String release,
    Instant created,
    String algorithm,
    String keyId,
    List<Entry> entries,
    @JsonInclude(JsonInclude.Include.NON_NULL) Chain chainedTo) {

  public Manifest {
    entries = List.copyOf(entries);
  }

  /** A manifest that starts a record (the T+120 bundle): chained to nothing. */
  public Manifest(
      String release, Instant created, String algorithm, String keyId, List<Entry> entries) {
    this(release, created, algorithm, keyId, entries, null);
  }

  /** The earlier bundle a manifest continues, named by the digest of its signed manifest. */
  public record Chain(String bundle, String release, String manifestDigest) {
    public Chain {
      if (bundle == null || !bundle.matches("[A-Za-z0-9._+-]+\\.zip")) {
        throw new IllegalArgumentException(
            "chained bundle '%s' must be a file name ending in .zip, e.g. cutover-evidence-v1.0.0-GA.zip"
                .formatted(bundle));
      }
      if (release == null || release.isBlank()) {
        throw new IllegalArgumentException("chained bundle %s needs its release".formatted(bundle));
      }
      manifestDigest = ManifestDigest.parse(manifestDigest);
    }
  }

  /** One file: its path inside the bundle, SHA-256 (lower-case hex) and size in bytes. */
  public record Entry(String path, String sha256, long size) {
    public Entry {
      if (path == null
          || path.isBlank()
          || path.startsWith("/")
          || path.contains("..")
          || path.contains("\\")) {
        throw new IllegalArgumentException(
            "manifest path '%s' must be relative, with / separators and no '..'".formatted(path));
      }
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "manifest entry %s: sha256 '%s' is not 64 lower-case hex digits"
                .formatted(path, sha256));
      }
      if (size < 0)
        throw new IllegalArgumentException(
            "manifest entry %s: size %d is negative".formatted(path, size));
    }
  }

  static final String JSON = "manifest.json";
  static final String JWS = "manifest.jws";
}
