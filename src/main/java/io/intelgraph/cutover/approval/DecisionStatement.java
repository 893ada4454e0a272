package io.intelgraph.cutover.approval;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import io.intelgraph.cutover.config.Approvals;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed form of a {@link Decision}: a compact JWS signed like a go-live approval ({@link
 * ApprovalStatement}), with the same keys: a role's private key signs, its public key in {@code
 * closeout.approvals.roles} verifies.
 *
 * <pre>{@code
 * {"type": "maestro-cutover/gate-decision", "release": "v1.0.0-GA", "attempt_id": "...",
 *  "phase": "ramp", "check": 3, "gates": ["api_p95"], "decision": "GO", "role": "platform-lead",
 *  "decided_by": "alice", "signed_at": "2026-12-07T06:40:00Z"}
 * }</pre>
 */
public final class DecisionStatement {

  static final String TYPE = "maestro-cutover/gate-decision";
  private static final JsonMapper JSON = JsonMappers.JSON;

  private DecisionStatement() {}

  /** The compact JWS of a decision, signed with the decider's key. */
  public static String sign(Decision decision, SigningKey key) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", TYPE);
    payload.put("release", decision.release());
    payload.put("attempt_id", decision.attemptId());
    payload.put("phase", decision.phase());
    payload.put("check", decision.check());
    payload.put("gates", decision.gates());
    payload.put("decision", decision.choice().name());
    payload.put("role", decision.role());
    payload.put("decided_by", decision.decidedBy());
    payload.put("signed_at", decision.signedAt().toString());
    return key.sign(JSON.writeValueAsBytes(payload));
  }

  /**
   * The decision {@code compact} states, once its signature verifies with the public key of the
   * role it claims, that role is one of {@code allowedRoles}, and it was not signed in the future
   * (beyond {@code closeout.approvals.clock_skew}); otherwise an {@link ApprovalException} saying
   * which and what to do.
   */
  public static Decision verify(
      String compact, Approvals approvals, Collection<String> allowedRoles, Instant now) {
    JWSObject jws = ApprovalStatement.parse(compact);
    Decision claimed = claimed(jws);
    if (!allowedRoles.contains(claimed.role())) {
      throw new ApprovalException(
          "decision by %s as role '%s': that role may not decide (escalation.roles %s); sign as one of them"
              .formatted(claimed.decidedBy(), claimed.role(), allowedRoles));
    }
    Approvals.Role role = approvals.roles().get(claimed.role());
    if (role == null) {
      throw new ApprovalException(
          "decision by %s as role '%s': closeout.approvals.roles has no public key for it (%s)"
              .formatted(claimed.decidedBy(), claimed.role(), approvals.roles().keySet()));
    }
    JWK key = ApprovalVerifier.publicKey(role);
    if (!ApprovalVerifier.verifies(jws, key)) {
      throw new ApprovalException(
          "decision by %s as role '%s': the signature (%s, kid %s) does not verify with %s's public key (kid %s); sign with that role's key"
              .formatted(
                  claimed.decidedBy(),
                  claimed.role(),
                  jws.getHeader().getAlgorithm(),
                  jws.getHeader().getKeyID(),
                  claimed.role(),
                  ApprovalVerifier.thumbprint(key)));
    }
    if (claimed.signedAt().isAfter(now.plus(approvals.clockSkew()))) {
      throw new ApprovalException(
          "decision by %s: signed at %s, in the future (now %s, closeout.approvals.clock_skew %s); check the signer's clock and decide again"
              .formatted(claimed.decidedBy(), claimed.signedAt(), now, approvals.clockSkew()));
    }
    return claimed;
  }

  /** The decision a JWS claims, before (and whether or not) its signature verifies. */
  static Decision claimed(JWSObject jws) {
    try {
      JsonNode node = JSON.readTree(jws.getPayload().toBytes());
      if (!TYPE.equals(text(node, "type"))) {
        throw new ApprovalException(
            "its payload is not a gate decision (type '%s', expected '%s')"
                .formatted(text(node, "type"), TYPE));
      }
      List<String> gates = new ArrayList<>();
      JsonNode listed = node.get("gates");
      if (listed != null) listed.forEach(g -> gates.add(g.asString()));
      JsonNode check = node.get("check");
      return new Decision(
          text(node, "release"),
          text(node, "attempt_id"),
          text(node, "phase"),
          check == null ? 0 : check.asInt(),
          gates,
          Decision.Choice.valueOf(text(node, "decision").toUpperCase(Locale.ROOT)),
          text(node, "role"),
          text(node, "decided_by"),
          Instant.parse(text(node, "signed_at")));
    } catch (JacksonException
        | IllegalArgumentException
        | NullPointerException
        | DateTimeParseException e) {
      throw new ApprovalException(
          "its payload is not a readable gate decision (%s)".formatted(e.getMessage()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
