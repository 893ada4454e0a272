package io.intelgraph.cutover.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * One person's go-live approval for one role: what {@code approve} signs and the closeout verifies.
 *
 * <pre>{@code
 * new Approval("v1.0.0-GA", "sre-lead", "alice", now, now.plus(Duration.ofDays(7)), "sha256:9f86...")
 * }</pre>
 *
 * @param release the release tag approved
 * @param role the role approving, e.g. {@code sre-lead}, one of {@code closeout.approvals.roles}
 * @param approvedBy who signed, in words
 * @param signedAt when
 * @param expiresAt until when it holds
 * @param evidenceManifest the digest of the evidence manifest the signer looked at, {@code
 *     sha256:<hex>}
 */
public record Approval(
    String release,
    String role,
    String approvedBy,
    Instant signedAt,
    Instant expiresAt,
    String evidenceManifest) {
  public Approval {
    require("release", release);
    require("role", role);
    require("approved_by", approvedBy);
    require("evidence_manifest", evidenceManifest);
    Objects.requireNonNull(signedAt, "signed_at");
    Objects.requireNonNull(expiresAt, "expires_at");
    if (!expiresAt.isAfter(signedAt)) {
      throw new IllegalArgumentException(
          "approval expires at %s, not after it was signed at %s".formatted(expiresAt, signedAt));
    }
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank())
      throw new IllegalArgumentException("an approval needs " + name);
  }

  /**
   * One line for a report, e.g. {@code sre-lead: alice at 2026-11-27T17:00:00Z (v1.0.0-GA,
   * sha256:9f86...)}.
   */
  public String describe() {
    return "%s: %s at %s (release %s, evidence %s, expires %s)"
        .formatted(role, approvedBy, signedAt, release, evidenceManifest, expiresAt);
  }
}
