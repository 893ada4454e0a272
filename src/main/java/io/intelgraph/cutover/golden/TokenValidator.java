package io.intelgraph.cutover.golden;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.intelgraph.cutover.config.Oidc;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates every token the goldens receive, with Nimbus, the way a resource server must.
 *
 * <p>Design note: the steps run one by one (rather than through {@code DefaultJWTProcessor}) so a
 * rejection says exactly which rule failed: unsigned ({@code alg: none}) and encrypted tokens are
 * refused; the header's algorithm must be on the allow-list, which holds only asymmetric algorithms
 * (so a public key can never serve as an HMAC secret); the key comes from the provider's JWKS
 * ({@link JWKSourceBuilder}: cached, and refreshed when a token names an unknown {@code kid}); then
 * issuer, audience, {@code exp}/{@code nbf}/{@code iat} with the configured skew, the nonce of ID
 * tokens and the required claims. Messages name the algorithm, key id, issuer, audience and times;
 * never the token.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.forProvider(discovery, env.oidc(), Duration.ofSeconds(5));
 * ValidatedToken access = validator.validate(token, TokenExpectation.accessToken("intelgraph-api", List.of("sub", "tenant")));
 * }</pre>
 */
public final class TokenValidator {

  private final String issuer;
  private final URI jwksUri;
  private final Set<JWSAlgorithm> allowed;
  private final Duration clockSkew;
  private final Clock clock;
  private final JWKSource<SecurityContext> keys;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  public TokenValidator(
      URI issuer,
      URI jwksUri,
      List<String> allowedAlgorithms,
      Duration clockSkew,
      Duration timeout,
      Clock clock) {
    this.issuer = issuer.toString();
    this.jwksUri = jwksUri;
    this.allowed =
        allowedAlgorithms.stream()
            .map(JWSAlgorithm::parse)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    for (JWSAlgorithm algorithm : allowed) {
      if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)
          || "none".equalsIgnoreCase(algorithm.getName())) {
        throw new IllegalArgumentException(
            "algorithm %s may not be allowed: only asymmetric signatures are accepted"
                .formatted(algorithm));
      }
    }
    this.clockSkew = clockSkew;
    this.clock = clock;
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try {
      this.keys =
          JWKSourceBuilder.<SecurityContext>create(
                  jwksUri.toURL(), new DefaultResourceRetriever(millis, millis, 512 * 1024))
              .cache(true)
              .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("jwks_uri '%s' is not a URL".formatted(jwksUri), e);
    }
  }

  /** A validator for the discovered provider with the environment's algorithms and skew. */
  public static TokenValidator forProvider(OidcDiscovery provider, Oidc oidc, Duration timeout) {
    return new TokenValidator(
        provider.issuer(),
        provider.jwksUri(),
        oidc.allowedAlgorithms(),
        oidc.clockSkew(),
        timeout,
        Clock.systemUTC());
  }

  /** Validates {@code token} or throws {@link TokenRejectedException} naming the rule it broke. */
  public ValidatedToken validate(BearerToken token, TokenExpectation expected) {
    SignedJWT jwt = signed(token);
    JWSHeader header = jwt.getHeader();
    JWSAlgorithm algorithm = header.getAlgorithm();
    String kid = header.getKeyID() == null ? "(none)" : header.getKeyID();
    if (!allowed.contains(algorithm)) {
      String hint =
          JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)
              ? "; an HMAC token verified with a provider's public key is a known forgery"
              : "";
      throw new TokenRejectedException(
          TokenRejectedException.Reason.ALGORITHM_NOT_ALLOWED,
          "algorithm %s is not allowed (allowed: %s)%s".formatted(algorithm, names(allowed), hint));
    }
    verifySignature(jwt, header, kid);
    JWTClaimsSet claims = claims(jwt);
    checkClaims(claims, expected, algorithm, kid);
    return new ValidatedToken(claims, algorithm.getName(), Optional.ofNullable(header.getKeyID()));
  }

  private static SignedJWT signed(BearerToken token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.reveal());
    } catch (ParseException e) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.MALFORMED,
          "not a JWT (%s); expected three base64url parts header.payload.signature"
              .formatted(e.getMessage()));
    }
    if (jwt instanceof PlainJWT) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.UNSIGNED,
          "the token is unsigned (alg: none); unsigned tokens are never accepted");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.MALFORMED,
          "the token is encrypted (JWE); only signed tokens (JWS) are expected here");
    }
    return signed;
  }

  private void verifySignature(SignedJWT jwt, JWSHeader header, String kid) {
    List<? extends Key> candidates;
    try {
      candidates = new JWSVerificationKeySelector<>(allowed, keys).selectJWSKeys(header, null);
    } catch (RateLimitReachedException e) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.UNKNOWN_KEY,
          "no key in the JWKS at %s matches kid %s for %s (the JWKS was refreshed moments ago); the token was signed by a key the provider does not publish"
              .formatted(jwksUri, kid, header.getAlgorithm()),
          e);
    } catch (KeySourceException e) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.JWKS_UNAVAILABLE,
          "cannot fetch the JWKS from %s (%s); check the provider's jwks_uri"
              .formatted(jwksUri, e.getMessage()),
          e);
    }
    if (candidates.isEmpty()) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.UNKNOWN_KEY,
          "no key in the JWKS at %s matches kid %s for %s, even after a refresh; the token was signed by a key the provider does not publish"
              .formatted(jwksUri, kid, header.getAlgorithm()));
    }
    for (Key key : candidates) {
      try {
        if (jwt.verify(verifiers.createJWSVerifier(header, key))) {
          return;
        }
      } catch (JOSEException e) {
        throw new TokenRejectedException(
            TokenRejectedException.Reason.BAD_SIGNATURE,
            "cannot verify the %s signature with key %s (%s)"
                .formatted(header.getAlgorithm(), kid, e.getMessage()),
            e);
      }
    }
    throw new TokenRejectedException(
        TokenRejectedException.Reason.BAD_SIGNATURE,
        ("the %s signature does not verify with the provider's key %s from %s; the token was altered after signing"
                + " or signed by another key")
            .formatted(header.getAlgorithm(), kid, jwksUri));
  }

  private static JWTClaimsSet claims(SignedJWT jwt) {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.MALFORMED,
          "the signed payload is not a JSON claims set (%s)".formatted(e.getMessage()));
    }
  }

  private void checkClaims(
      JWTClaimsSet claims, TokenExpectation expected, JWSAlgorithm algorithm, String kid) {
    if (!issuer.equals(claims.getIssuer())) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.WRONG_ISSUER,
          "iss is '%s', expected '%s' (signed %s, kid %s)"
              .formatted(claims.getIssuer(), issuer, algorithm, kid));
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(expected.audience())) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.WRONG_AUDIENCE,
          "aud is %s, expected it to contain '%s'; the token was issued for another client or API"
              .formatted(audience == null ? "absent" : audience, expected.audience()));
    }
    Instant now = clock.instant();
    if (claims.getExpirationTime() == null) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.MISSING_CLAIM, "exp is missing; every token must expire");
    }
    Instant expires = claims.getExpirationTime().toInstant();
    if (!now.isBefore(expires.plus(clockSkew))) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.EXPIRED,
          "expired at %s, now is %s (clock skew allowed: %ss)"
              .formatted(expires, now, clockSkew.toSeconds()));
    }
    if (claims.getNotBeforeTime() != null) {
      Instant notBefore = claims.getNotBeforeTime().toInstant();
      if (now.plus(clockSkew).isBefore(notBefore)) {
        throw new TokenRejectedException(
            TokenRejectedException.Reason.NOT_YET_VALID,
            "not valid before %s, now is %s (clock skew allowed: %ss)"
                .formatted(notBefore, now, clockSkew.toSeconds()));
      }
    }
    // RFC 7519 4.1.6 makes iat informational, but a token issued in the future was minted by a
    // clock or a signer that cannot be trusted; without nbf nothing else would catch it
    if (claims.getIssueTime() != null) {
      Instant issued = claims.getIssueTime().toInstant();
      if (now.plus(clockSkew).isBefore(issued)) {
        throw new TokenRejectedException(
            TokenRejectedException.Reason.ISSUED_IN_FUTURE,
            "issued at %s (iat), after now %s beyond the allowed clock skew of %ss; the provider's clock or signer is wrong"
                .formatted(issued, now, clockSkew.toSeconds()));
      }
    }
    if (expected.nonce().isPresent()) {
      Object nonce = claims.getClaim("nonce");
      if (nonce == null) {
        throw new TokenRejectedException(
            TokenRejectedException.Reason.NONCE_MISMATCH,
            "the ID token has no nonce, but the login sent one; the token is not bound to this login");
      }
      if (!expected.nonce().get().equals(nonce)) {
        throw new TokenRejectedException(
            TokenRejectedException.Reason.NONCE_MISMATCH,
            "the ID token's nonce differs from the one this login sent; the token belongs to another login (replay)");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : expected.requiredClaims()) {
      if (claims.getClaim(name) == null) missing.add(name);
    }
    if (!missing.isEmpty()) {
      throw new TokenRejectedException(
          TokenRejectedException.Reason.MISSING_CLAIM,
          "required claims %s are missing (present: %s)"
              .formatted(missing, claims.getClaims().keySet()));
    }
  }

  private static String names(Set<JWSAlgorithm> algorithms) {
    return algorithms.stream().map(JWSAlgorithm::getName).collect(Collectors.joining(", "));
  }
}
