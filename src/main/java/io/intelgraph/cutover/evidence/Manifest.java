package io.intelgraph.cutover.evidence;

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
 * @param entries every file of the bundle except the manifest and its signature, sorted by path
 */
public record Manifest(
    String release, Instant created, String algorithm, String keyId, List<Entry> entries) {

  public Manifest {
    entries = List.copyOf(entries);
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
