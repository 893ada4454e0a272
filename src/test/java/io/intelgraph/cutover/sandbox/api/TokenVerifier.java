package io.intelgraph.cutover.sandbox.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates bearer JWTs the way production must: signature against the provider's JWKS with an
 * RS256/ES256 allow-list (never {@code none}, never HS*), issuer, audience when configured, and
 * exp/nbf with 30 s of clock skew. A rejection carries a reason fit for a 401 body; the token
 * itself is never part of it.
 */
final class TokenVerifier {

  static final int MAX_CLOCK_SKEW_SECONDS = 30;

  /** The verdict on one token. */
  sealed interface Result permits Accepted, Rejected {}

  record Accepted(JWTClaimsSet claims) implements Result {}

  record Rejected(String reason) implements Result {}

  /** How long an accepted token's signature is trusted without checking it again. */
  static final Duration SIGNATURE_KEPT = Duration.ofSeconds(30);

  private static final int MAX_KEPT = 512;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

  /**
   * Tokens whose signature held, with when: the load generator sends a few tokens thousands of
   * times, and an RSA verification per request was the sandbox's largest CPU cost on two cores.
   * Expiry, not-before and issuer are still checked on every request.
   */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(JWTClaimsSet claims, long atNanos) {}

  TokenVerifier(String issuer, URI jwksUri, Optional<String> audience) {
    Objects.requireNonNull(issuer, "issuer");
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(jwksUri.toURL()).retrying(true).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "jwksUri '%s' is not a URL; expected e.g. http://127.0.0.1:8080/default/jwks"
              .formatted(jwksUri),
          e);
    }
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience.orElse(null),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("exp", "sub"));
    claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
    this.claimsVerifier = claims;
  }

  /** Verifies the value of an Authorization header (null if absent). */
  Result verifyHeader(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new Rejected("missing bearer token: send 'Authorization: Bearer <JWT>'");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Rejected("Authorization header is not a bearer token: expected 'Bearer <JWT>'");
    }
    return verify(authorization.substring(7).strip());
  }

  Result verify(String token) {
    try {
      Verified kept = verified.get(token);
      if (kept != null && System.nanoTime() - kept.atNanos() < SIGNATURE_KEPT.toNanos()) {
        claimsVerifier.verify(kept.claims(), null);
        return new Accepted(kept.claims());
      }
      JWTClaimsSet claims = processor.process(token, null);
      if (verified.size() >= MAX_KEPT) verified.clear();
      verified.put(token, new Verified(claims, System.nanoTime()));
      return new Accepted(claims);
    } catch (ParseException e) {
      return new Rejected("malformed JWT: " + e.getMessage());
    } catch (BadJOSEException e) {
      return new Rejected("JWT rejected: " + e.getMessage());
    } catch (JOSEException e) {
      return new Rejected("JWT could not be verified: " + e.getMessage());
    } catch (RuntimeException e) {
      return new Rejected("JWT could not be verified: " + e.getClass().getSimpleName());
    }
  }

  /** The claims of a token without any verification; only the auth-regression fault uses this. */
  static Optional<JWTClaimsSet> unverifiedClaims(String token) {
    try {
      return Optional.of(JWTParser.parse(token).getJWTClaimsSet());
    } catch (ParseException unparseable) {
      return Optional
          .empty(); // not a JWT at all: even the regressed canary cannot read a caller from it
    }
  }
}
