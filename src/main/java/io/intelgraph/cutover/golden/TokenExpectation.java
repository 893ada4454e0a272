package io.intelgraph.cutover.golden;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one token must satisfy beyond signature, algorithm, issuer and lifetime: its audience, the
 * nonce of the login that produced it (ID tokens), and the claims it must carry.
 *
 * <pre>{@code
 * TokenExpectation idToken = TokenExpectation.idToken("maestro-cutover", nonce, List.of("sub", "iat", "exp"));
 * }</pre>
 */
public record TokenExpectation(
    String audience, Optional<String> nonce, List<String> requiredClaims) {

  public TokenExpectation {
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(nonce, "nonce");
    requiredClaims = List.copyOf(requiredClaims);
  }

  /** An access token for {@code audience} carrying {@code requiredClaims}. */
  public static TokenExpectation accessToken(String audience, List<String> requiredClaims) {
    return new TokenExpectation(audience, Optional.empty(), requiredClaims);
  }

  /** An ID token for the client, bound to the login by {@code nonce}. */
  public static TokenExpectation idToken(
      String clientId, String nonce, List<String> requiredClaims) {
    return new TokenExpectation(clientId, Optional.of(nonce), requiredClaims);
  }
}
