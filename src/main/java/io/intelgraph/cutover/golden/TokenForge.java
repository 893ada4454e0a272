package io.intelgraph.cutover.golden;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.Date;

/**
 * Builds the forged tokens of the security goldens from one genuine token, with Nimbus only (no
 * hand-written crypto). Each forgery keeps the genuine claims, so the only thing wrong with it is
 * the one thing under test.
 *
 * <pre>{@code
 * TokenForge forge = TokenForge.of(genuineAccessToken);
 * api.post(query, forge.unsigned());   // must be rejected with 401
 * }</pre>
 */
public final class TokenForge {

  private final SignedJWT genuine;
  private final JWTClaimsSet claims;

  private TokenForge(SignedJWT genuine, JWTClaimsSet claims) {
    this.genuine = genuine;
    this.claims = claims;
  }

  /** A forge for {@code token}, which must be a signed JWT. */
  public static TokenForge of(BearerToken token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token.reveal());
      return new TokenForge(jwt, jwt.getJWTClaimsSet());
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "the genuine token is not a signed JWT (%s); forge from an access token"
              .formatted(e.getMessage()),
          e);
    }
  }

  /** The same claims, unsigned: {@code alg: none}. */
  public BearerToken unsigned() {
    return new BearerToken(new PlainJWT(claims).serialize());
  }

  /**
   * The same claims and key id, signed by an RSA key the provider never published: generated once
   * per process and never leaving it. A new 2048-bit key per forgery cost more CPU than the rest of
   * a golden run (prime search), and one unpublished key proves the rejection as well as many.
   */
  public BearerToken signedByAnotherKey() {
    try {
      RSAKey attacker =
          new RSAKey.Builder(AttackerKey.KEY).keyID(genuine.getHeader().getKeyID()).build();
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(attacker.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      forged.sign(new RSASSASigner(attacker));
      return new BearerToken(forged.serialize());
    } catch (JOSEException e) {
      throw new IllegalStateException(
          "cannot sign with the forger's RSA key: " + e.getMessage(), e);
    }
  }

  /** The forger's own RSA key, generated on first use (a holder class: lazy and thread-safe). */
  private static final class AttackerKey {
    static final RSAKey KEY = generate();

    private static RSAKey generate() {
      try {
        return new RSAKeyGenerator(2048).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot generate an RSA key: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The same claims with {@code claim} set to {@code value}; the genuine header and signature kept.
   */
  public BearerToken tampered(String claim, Object value) {
    JWTClaimsSet altered = new JWTClaimsSet.Builder(claims).claim(claim, value).build();
    try {
      SignedJWT forged =
          new SignedJWT(
              genuine.getHeader().toBase64URL(),
              new Payload(altered.toJSONObject()).toBase64URL(),
              genuine.getSignature());
      return new BearerToken(forged.serialize());
    } catch (ParseException e) {
      throw new IllegalStateException("cannot reassemble the tampered token: " + e.getMessage(), e);
    }
  }

  /**
   * The same claims, signed HS256 with the provider's RSA public key (its X.509 encoding) as the
   * HMAC secret: the classic algorithm-confusion forgery a resource server must reject.
   */
  public BearerToken hmacWithPublicKey(PublicKey providerKey) {
    try {
      byte[] secret = providerKey.getEncoded();
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .keyID(genuine.getHeader().getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      forged.sign(new MACSigner(secret));
      return new BearerToken(forged.serialize());
    } catch (JOSEException e) {
      throw new IllegalStateException(
          "cannot sign HS256 with the public key: " + e.getMessage(), e);
    }
  }

  /** The genuine token's key id, to find the provider's key in its JWKS. */
  public String keyId() {
    return genuine.getHeader().getKeyID();
  }

  /** When the genuine token expires. */
  public Date expiresAt() {
    return claims.getExpirationTime();
  }
}
