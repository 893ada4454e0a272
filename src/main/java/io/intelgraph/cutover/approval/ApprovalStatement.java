package io.intelgraph.cutover.approval;

import com.nimbusds.jose.JWSObject;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed form of an {@link Approval}: a compact JWS (RFC 7515,
 * https://www.rfc-editor.org/rfc/rfc7515) whose payload is JSON, signed like the evidence manifest
 * (ES256 for an EC P-256 key, RS256 for RSA; {@link SigningKey}) with the key id in the header.
 *
 * <pre>{@code
 * {"type": "maestro-cutover/go-live-approval", "release": "v1.0.0-GA", "role": "sre-lead",
 *  "approved_by": "alice", "signed_at": "2026-11-27T17:00:00Z", "expires_at": "2026-12-04T17:00:00Z",
 *  "evidence_manifest": "sha256:9f86..."}
 * }</pre>
 *
 * <p>Written as {@code <dir>/<release>/<role>.jws}: one file per role, a new approval replaces the
 * old.
 */
public final class ApprovalStatement {

  static final String TYPE = "maestro-cutover/go-live-approval";
  private static final JsonMapper JSON = JsonMappers.JSON;

  private ApprovalStatement() {}

  /** The compact JWS of an approval, signed with the approver's key. */
  public static String sign(Approval approval, SigningKey key) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", TYPE);
    payload.put("release", approval.release());
    payload.put("role", approval.role());
    payload.put("approved_by", approval.approvedBy());
    payload.put("signed_at", approval.signedAt().toString());
    payload.put("expires_at", approval.expiresAt().toString());
    payload.put("evidence_manifest", approval.evidenceManifest());
    return key.sign(JSON.writeValueAsBytes(payload));
  }

  /** Signs and writes {@code <dir>/<release>/<role>.jws}; returns the file. */
  public static Path write(Approval approval, SigningKey key, Path dir) {
    Path file = dir.resolve(safe(approval.release())).resolve(safe(approval.role()) + ".jws");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, sign(approval, key) + "\n", StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new ApprovalException(
          "cannot write the approval to %s (%s); choose a writable --out directory"
              .formatted(file, e.getMessage()));
    }
  }

  /** The approval a JWS claims, before (and whether or not) its signature verifies. */
  static Approval claimed(JWSObject jws) {
    try {
      JsonNode node = JSON.readTree(jws.getPayload().toBytes());
      if (!TYPE.equals(text(node, "type"))) {
        throw new ApprovalException(
            "its payload is not a go-live approval (type '%s', expected '%s')"
                .formatted(text(node, "type"), TYPE));
      }
      return new Approval(
          text(node, "release"),
          text(node, "role"),
          text(node, "approved_by"),
          Instant.parse(text(node, "signed_at")),
          Instant.parse(text(node, "expires_at")),
          text(node, "evidence_manifest"));
    } catch (JacksonException
        | IllegalArgumentException
        | NullPointerException
        | java.time.format.DateTimeParseException e) {
      throw new ApprovalException(
          "its payload is not a readable approval (%s)".formatted(e.getMessage()));
    }
  }

  static JWSObject parse(String compact) {
    try {
      return JWSObject.parse(compact.strip());
    } catch (ParseException e) {
      throw new ApprovalException("not a compact JWS (%s)".formatted(e.getMessage()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  /** Release tags and role names become path segments: nothing that climbs out of the directory. */
  private static String safe(String segment) {
    if (!segment.matches("[A-Za-z0-9][A-Za-z0-9._+-]*") || segment.contains("..")) {
      throw new IllegalArgumentException(
          "'%s' cannot name an approval file; use letters, digits, . _ + -".formatted(segment));
    }
    return segment;
  }
}
