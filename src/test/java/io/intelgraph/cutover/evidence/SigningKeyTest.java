package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.intelgraph.cutover.config.EvidenceSpec;
import io.intelgraph.cutover.config.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void anRsaPkcs8PemSignsRs256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();

    SigningKey key =
        SigningKey.parse(
            new Secret(
                "file:/run/secrets/evidence.pem",
                pem("PRIVATE KEY", pair.getPrivate().getEncoded())));

    assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(key.generated()).isFalse();
    JWSObject jws = JWSObject.parse(key.sign("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(jws.verify(new RSASSAVerifier(((RSAKey) key.publicJwk()).toRSAPublicKey())))
        .isTrue();
    assertThat(jws.getHeader().getKeyID()).isEqualTo(key.keyId());
  }

  @Test
  void anEcPemWithItsPublicBlockSignsEs256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String text =
        pem("PRIVATE KEY", pair.getPrivate().getEncoded())
            + pem("PUBLIC KEY", pair.getPublic().getEncoded());

    SigningKey key = SigningKey.parse(new Secret("env:EVIDENCE_SIGNING_KEY", text));

    assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.ES256);
    JWSObject jws = JWSObject.parse(key.sign("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(jws.verify(new ECDSAVerifier(((ECKey) key.publicJwk()).toECPublicKey()))).isTrue();
  }

  @Test
  void anEcPemWithoutItsPublicKeyIsRefusedWithTheFix() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));

    assertThatThrownBy(
            () ->
                SigningKey.parse(
                    new Secret(
                        "env:K",
                        pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()))))
        .hasMessage(
            "signing key env:K is an EC PEM without its public key; append the '-----BEGIN PUBLIC KEY-----' block (openssl ec -in key.pem -pubout)");
  }

  @Test
  void aPrivateJwkFromTheEnvironmentIsUsed() throws Exception {
    ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
    EvidenceSpec spec =
        new EvidenceSpec(
            Path.of("target/cutover-evidence"),
            Optional.of(new Secret("env:EVIDENCE_SIGNING_KEY", jwk.toJSONString())),
            Path.of("history"),
            Duration.ofHours(2),
            false);

    SigningKey key = SigningKey.from(spec);

    assertThat(key.generated()).isFalse();
    assertThat(key.publicJwk().toJSONObject())
        .isEqualTo(
            jwk.toPublicJWK().toJSONObject().entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        java.util.Map.Entry::getKey,
                        java.util.Map.Entry::getValue,
                        (a, b) -> a,
                        () -> new java.util.HashMap<>(java.util.Map.of("kid", key.keyId())))));
    assertThat(key).hasToString("signing key env:EVIDENCE_SIGNING_KEY ES256 kid=" + key.keyId());
  }

  @Test
  void withoutAConfiguredKeyAKeyIsGenerated() {
    SigningKey key =
        SigningKey.from(
            new EvidenceSpec(
                Path.of("target/cutover-evidence"),
                Optional.empty(),
                Path.of("history"),
                Duration.ofHours(2),
                false));

    assertThat(key.generated()).isTrue();
    assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(key.publicJwk().isPrivate()).isFalse();
  }

  @Test
  void aPublicOnlyKeyOrGarbageIsRefusedWithoutEchoingIt() throws Exception {
    String publicOnly = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString();

    assertThatThrownBy(() -> SigningKey.parse(new Secret("env:K", publicOnly)))
        .hasMessage(
            "signing key env:K holds only a public key; give the private key (JWK with 'd', or a PRIVATE KEY PEM)");
    assertThatThrownBy(
            () -> SigningKey.parse(new Secret("env:K", "{not-a-jwk-but-secret-material}")))
        .hasMessage("signing key env:K is not a valid JWK; give a private RSA or EC P-256 JWK")
        .message()
        .doesNotContain("secret-material");
    assertThatThrownBy(() -> SigningKey.parse(new Secret("env:K", "hunter2-password")))
        .hasMessageStartingWith("signing key env:K is neither a JWK nor a PEM");
  }
}
