package io.intelgraph.cutover.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.intelgraph.cutover.config.EvidenceSpec;
import io.intelgraph.cutover.config.Secret;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key that signs an evidence bundle's manifest: RS256 for an RSA key (2048 bits or more), ES256
 * for an EC P-256 key. Configured as a {@link Secret} holding a private JWK or a PKCS#8 PEM ({@code
 * -----BEGIN PRIVATE KEY-----}; an EC PEM also needs its {@code PUBLIC KEY} block), or generated
 * for one bundle when none is configured. The private half never leaves this object: {@link
 * #toString()} and every error name the key by its reference and key id only.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.from(environment.evidence());
 * }</pre>
 */
public final class SigningKey {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private final JWK privateKey;
  private final JWSAlgorithm algorithm;
  private final String source;

  private SigningKey(JWK privateKey, String source) {
    this.source = source;
    try {
      String kid = privateKey.computeThumbprint().toString();
      if (privateKey instanceof RSAKey rsa) {
        if (rsa.size() < 2048) {
          throw new EvidenceException(
              "signing key %s is RSA with %d bits; RS256 needs 2048 bits or more; generate a larger key"
                  .formatted(source, rsa.size()));
        }
        this.privateKey = new RSAKey.Builder(rsa).keyID(kid).build();
        this.algorithm = JWSAlgorithm.RS256;
      } else if (privateKey instanceof ECKey ec) {
        if (!Curve.P_256.equals(ec.getCurve())) {
          throw new EvidenceException(
              "signing key %s is EC on curve %s; ES256 needs P-256; generate a P-256 key"
                  .formatted(source, ec.getCurve()));
        }
        this.privateKey = new ECKey.Builder(ec).keyID(kid).build();
        this.algorithm = JWSAlgorithm.ES256;
      } else {
        throw new EvidenceException(
            "signing key %s is a %s key; use an RSA or EC P-256 key"
                .formatted(source, privateKey.getKeyType()));
      }
    } catch (JOSEException e) {
      throw new EvidenceException(
          "signing key %s: cannot compute its key id (%s)".formatted(source, e.getMessage()), e);
    }
    if (!this.privateKey.isPrivate()) {
      throw new EvidenceException(
          "signing key %s holds only a public key; give the private key (JWK with 'd', or a PRIVATE KEY PEM)"
              .formatted(source));
    }
  }

  /**
   * The configured key, or a key generated for this bundle when {@code evidence.signing_key} is
   * absent.
   */
  public static SigningKey from(EvidenceSpec spec) {
    return spec.signingKey().map(SigningKey::parse).orElseGet(SigningKey::generate);
  }

  /** A fresh EC P-256 key (ES256); its private half exists only in this JVM. */
  public static SigningKey generate() {
    try {
      return new SigningKey(new ECKeyGenerator(Curve.P_256).generate(), "generated");
    } catch (JOSEException e) {
      throw new EvidenceException("cannot generate an EC P-256 signing key: " + e.getMessage(), e);
    }
  }

  /** A key from a secret holding a private JWK or a PKCS#8 PEM. */
  public static SigningKey parse(Secret secret) {
    String text = secret.reveal().strip();
    String source = secret.reference();
    if (text.startsWith("{")) {
      try {
        return new SigningKey(JWK.parse(text), source);
      } catch (ParseException e) {
        // the message of a JWK parse error may quote the key material: do not pass it on
        throw new EvidenceException(
            "signing key %s is not a valid JWK; give a private RSA or EC P-256 JWK"
                .formatted(source));
      }
    }
    return new SigningKey(fromPem(text, source), source);
  }

  private static JWK fromPem(String text, String source) {
    byte[] privateDer = null;
    byte[] publicDer = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY" -> privateDer = der;
        case "PUBLIC KEY" -> publicDer = der;
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new EvidenceException(
                ("signing key %s is a %s PEM; convert it to PKCS#8:"
                        + " openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem")
                    .formatted(source, m.group(1)));
        default -> {}
      }
    }
    if (privateDer == null) {
      throw new EvidenceException(
          ("signing key %s is neither a JWK nor a PEM with a '-----BEGIN PRIVATE KEY-----' block;"
                  + " give a private JWK or a PKCS#8 PEM")
              .formatted(source));
    }
    try {
      PrivateKey key = privateKey(privateDer, source);
      if (key instanceof RSAPrivateCrtKey rsa) {
        RSAPublicKey pub =
            (RSAPublicKey)
                KeyFactory.getInstance("RSA")
                    .generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        return new RSAKey.Builder(pub).privateKey(rsa).build();
      }
      if (key instanceof ECPrivateKey ec) {
        if (publicDer == null) {
          throw new EvidenceException(
              ("signing key %s is an EC PEM without its public key; append the"
                      + " '-----BEGIN PUBLIC KEY-----' block (openssl ec -in key.pem -pubout)")
                  .formatted(source));
        }
        PublicKey pub =
            KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicDer));
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), (ECPublicKey) pub)
            .privateKey(ec)
            .build();
      }
      throw new EvidenceException(
          "signing key %s is a %s key; use RSA or EC P-256".formatted(source, key.getAlgorithm()));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new EvidenceException(
          "signing key %s: the PEM blocks do not form an RSA or EC key pair (%s)"
              .formatted(source, e.getClass().getSimpleName()));
    }
  }

  private static PrivateKey privateKey(byte[] der, String source) throws GeneralSecurityException {
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (java.security.spec.InvalidKeySpecException notThisType) {
        // try the next key type; the last failure is reported below
      }
    }
    throw new EvidenceException(
        "signing key %s: the PRIVATE KEY block is neither RSA nor EC".formatted(source));
  }

  /** RS256 or ES256. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The key id: the RFC 7638 thumbprint of the public key. */
  public String keyId() {
    return privateKey.getKeyID();
  }

  /** True when this key was generated for the bundle rather than configured. */
  public boolean generated() {
    return "generated".equals(source);
  }

  /** The public half, safe to publish. */
  public JWK publicJwk() {
    return privateKey.toPublicJWK();
  }

  /** A compact JWS over exactly these bytes. */
  public String sign(byte[] payload) {
    try {
      JWSSigner signer =
          privateKey instanceof RSAKey rsa
              ? new RSASSASigner(rsa)
              : new ECDSASigner((ECKey) privateKey);
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(algorithm)
                  .keyID(keyId())
                  .contentType("application/json")
                  .build(),
              new Payload(payload));
      jws.sign(signer);
      return jws.serialize();
    } catch (JOSEException e) {
      throw new EvidenceException(
          "cannot sign with key %s (%s): %s".formatted(source, keyId(), e.getMessage()), e);
    }
  }

  @Override
  public String toString() {
    return "signing key " + source + " " + algorithm + " kid=" + keyId();
  }
}
