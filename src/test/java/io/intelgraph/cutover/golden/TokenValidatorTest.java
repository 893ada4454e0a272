package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.intelgraph.cutover.golden.TokenRejectedException.Reason;
import io.intelgraph.cutover.testing.StubServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenValidatorTest {

  static MockProvider provider;
  static OidcDiscovery discovery;
  static TokenValidator validator;
  static final TokenExpectation ACCESS =
      TokenExpectation.accessToken(MockProvider.AUDIENCE, List.of("sub", "iat", "exp", "tenant"));

  @BeforeAll
  static void start() throws Exception {
    provider = new MockProvider();
    discovery = OidcDiscovery.fetch(provider.issuer(), MockProvider.TIMEOUT);
    validator = TokenValidator.forProvider(discovery, provider.oidc(), MockProvider.TIMEOUT);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  static BearerToken token(Map<String, Object> extraClaims, Duration lifetime) {
    return token(provider.issuer(), extraClaims, lifetime);
  }

  static BearerToken token(URI issuer, Map<String, Object> extraClaims, Duration lifetime) {
    Map<String, Object> claims =
        new java.util.HashMap<>(
            Map.of(
                "sub", "golden-user", "aud", List.of(MockProvider.AUDIENCE), "tenant", "tenant-a"));
    claims.putAll(extraClaims);
    return new BearerToken(
        provider.server.anyToken(HttpUrl.get(issuer.toString()), claims, lifetime).serialize());
  }

  static BearerToken genuine() {
    return token(Map.of(), Duration.ofMinutes(5));
  }

  static RSAKey providerKey() throws Exception {
    return JWKSet.load(discovery.jwksUri().toURL()).getKeys().get(0).toRSAKey();
  }

  @Test
  void aGenuineTokenPassesWithItsClaims() {
    ValidatedToken valid = validator.validate(genuine(), ACCESS);

    assertThat(valid.algorithm()).isEqualTo("RS256");
    assertThat(valid.keyId()).isPresent();
    assertThat(valid.stringClaim("tenant")).contains("tenant-a");
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        Arguments.of(
            "expired",
            (Function<BearerToken, BearerToken>) t -> token(Map.of(), Duration.ofMinutes(-5)),
            Reason.EXPIRED,
            "expired at"),
        Arguments.of(
            "signed by another key, same kid",
            (Function<BearerToken, BearerToken>) t -> TokenForge.of(t).signedByAnotherKey(),
            Reason.BAD_SIGNATURE,
            "signature does not verify with the provider's key"),
        Arguments.of(
            "alg none",
            (Function<BearerToken, BearerToken>) t -> TokenForge.of(t).unsigned(),
            Reason.UNSIGNED,
            "unsigned (alg: none)"),
        Arguments.of(
            "tampered tenant claim",
            (Function<BearerToken, BearerToken>)
                t -> TokenForge.of(t).tampered("tenant", "tenant-b"),
            Reason.BAD_SIGNATURE,
            "altered after signing"),
        Arguments.of(
            "HMAC with the public key",
            (Function<BearerToken, BearerToken>)
                t -> {
                  try {
                    return TokenForge.of(t).hmacWithPublicKey(providerKey().toRSAPublicKey());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
            Reason.ALGORITHM_NOT_ALLOWED,
            "algorithm HS256 is not allowed (allowed: RS256, ES256)"),
        Arguments.of(
            "other issuer spelling",
            (Function<BearerToken, BearerToken>)
                t ->
                    token(
                        URI.create(provider.issuer().toString().replace("127.0.0.1", "localhost")),
                        Map.of(),
                        Duration.ofMinutes(5)),
            Reason.WRONG_ISSUER,
            "iss is 'http://localhost:"),
        Arguments.of(
            "other audience",
            (Function<BearerToken, BearerToken>)
                t -> token(Map.of("aud", List.of("billing-api")), Duration.ofMinutes(5)),
            Reason.WRONG_AUDIENCE,
            "aud is [billing-api], expected it to contain 'intelgraph-api'"),
        Arguments.of(
            "no tenant claim",
            (Function<BearerToken, BearerToken>)
                t -> {
                  return new BearerToken(
                      provider
                          .server
                          .anyToken(
                              HttpUrl.get(provider.issuer().toString()),
                              Map.of("sub", "x", "aud", List.of(MockProvider.AUDIENCE)),
                              Duration.ofMinutes(5))
                          .serialize());
                },
            Reason.MISSING_CLAIM,
            "required claims [tenant] are missing"),
        Arguments.of(
            "not a JWT",
            (Function<BearerToken, BearerToken>) t -> new BearerToken("not.a-jwt"),
            Reason.MALFORMED,
            "not a JWT"));
  }

  @ParameterizedTest(name = "{0} is rejected: {2}")
  @MethodSource("forgeries")
  void everyForgeryIsRejectedWithAMessageSayingWhy(
      String name, Function<BearerToken, BearerToken> forge, Reason reason, String message) {
    BearerToken forged = forge.apply(genuine());

    assertThatThrownBy(() -> validator.validate(forged, ACCESS))
        .isInstanceOfSatisfying(
            TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message)
        .message()
        .doesNotContain(forged.reveal());
  }

  @Test
  void anUnknownKeyIdIsLookedUpAfreshAndThenRejected() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker-kid").generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker-kid").build(),
            SignedJWT.parse(genuine().reveal()).getJWTClaimsSet());
    forged.sign(new RSASSASigner(attacker));

    assertThatThrownBy(() -> validator.validate(new BearerToken(forged.serialize()), ACCESS))
        .isInstanceOfSatisfying(
            TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY))
        .hasMessageContaining(
            "no key in the JWKS at " + discovery.jwksUri() + " matches kid attacker-kid");
  }

  @Test
  void aTokenFromBeforeItsNotBeforeTimeIsRejected() {
    Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    TokenValidator early =
        new TokenValidator(
            discovery.issuer(),
            discovery.jwksUri(),
            List.of("RS256"),
            Duration.ofSeconds(30),
            MockProvider.TIMEOUT,
            tenMinutesAgo);

    assertThatThrownBy(() -> early.validate(genuine(), ACCESS))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID))
        .hasMessageContaining("not valid before");
  }

  /**
   * Signs {@code claims} with a key of our own, served as the JWKS of a validator for the
   * provider's issuer.
   */
  static void withOwnSigner(
      Map<String, Object> claims, java.util.function.BiConsumer<TokenValidator, BearerToken> check)
      throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("own-kid").generate();
    String body = new JWKSet(key.toPublicJWK()).toString();
    try (StubServer jwks =
        StubServer.start().route("/jwks", request -> StubServer.Response.of(200, body))) {
      com.nimbusds.jwt.JWTClaimsSet.Builder set =
          new com.nimbusds.jwt.JWTClaimsSet.Builder()
              .issuer(provider.issuer().toString())
              .audience(MockProvider.AUDIENCE)
              .subject("golden-user")
              .claim("tenant", "tenant-a")
              .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofDays(2))));
      claims.forEach(set::claim);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-kid").build(), set.build());
      jwt.sign(new RSASSASigner(key));
      TokenValidator own =
          new TokenValidator(
              provider.issuer(),
              jwks.uri("/jwks"),
              List.of("RS256"),
              Duration.ofSeconds(30),
              MockProvider.TIMEOUT,
              Clock.systemUTC());
      check.accept(own, new BearerToken(jwt.serialize()));
    }
  }

  @Test
  void aTokenIssuedADayInTheFutureWithoutNotBeforeIsRejected() throws Exception {
    java.util.Date tomorrow =
        java.util.Date.from(
            Instant.now()
                .plus(Duration.ofDays(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    withOwnSigner(
        Map.of("iat", tomorrow),
        (own, future) ->
            assertThatThrownBy(() -> own.validate(future, ACCESS))
                .isInstanceOfSatisfying(
                    TokenRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.ISSUED_IN_FUTURE))
                .hasMessageContaining("issued at " + tomorrow.toInstant())
                .hasMessageContaining("beyond the allowed clock skew of 30s"));
  }

  @Test
  void aTokenIssuedWithinTheClockSkewIsAccepted() throws Exception {
    java.util.Date inTenSeconds = java.util.Date.from(Instant.now().plusSeconds(10));

    withOwnSigner(
        Map.of("iat", inTenSeconds),
        (own, nearlyNow) ->
            assertThat(own.validate(nearlyNow, ACCESS).stringClaim("tenant")).contains("tenant-a"));
  }

  @Test
  void anIdTokenFromAnotherLoginFailsItsNonce() {
    BearerToken idToken = token(Map.of("nonce", "nonce-of-another-login"), Duration.ofMinutes(5));

    assertThatThrownBy(
            () ->
                validator.validate(
                    idToken,
                    TokenExpectation.idToken(MockProvider.AUDIENCE, "my-nonce", List.of("sub"))))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH))
        .hasMessageContaining("nonce differs from the one this login sent");
  }

  @Test
  void hmacCanNeverBeAllowed() {
    assertThatThrownBy(
            () ->
                new TokenValidator(
                    discovery.issuer(),
                    discovery.jwksUri(),
                    List.of("RS256", "HS256"),
                    Duration.ZERO,
                    MockProvider.TIMEOUT,
                    Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HS256 may not be allowed");
  }
}
