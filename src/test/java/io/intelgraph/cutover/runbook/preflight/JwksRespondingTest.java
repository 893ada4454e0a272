package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class JwksRespondingTest {

  private static final URI DISCOVERED = URI.create("https://idp.example.org/jwks");
  private static final URI CONFIGURED = URI.create("https://keys.example.org/jwks.json");

  static RSAKey key;

  KubernetesClient client;
  @TempDir Path dir;
  final List<URI> loaded = new ArrayList<>();

  @BeforeAll
  static void aSigningKey() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  private JwksResponding serving(JWKSet keys) {
    return new JwksResponding(
        env -> DISCOVERED,
        (uri, timeout) -> {
          loaded.add(uri);
          return keys;
        });
  }

  private LineContext context() {
    return LineContexts.at(dir, Map.of(), client);
  }

  @Test
  void publicKeysFromTheDiscoveredJwksPass() {
    assertThat(serving(new JWKSet(key.toPublicJWK())).run(context())).passed();
    assertThat(loaded).containsExactly(DISCOVERED);
  }

  @Test
  void theJwksTheOidcConfigMapNamesWinsOverDiscovery() {
    client
        .configMaps()
        .inNamespace("intelgraph-maestro")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("oidc-config")
                .endMetadata()
                .addToData("jwks_uri", CONFIGURED.toString())
                .build())
        .create();

    assertThat(serving(new JWKSet(key.toPublicJWK())).run(context())).passed();
    assertThat(loaded).containsExactly(CONFIGURED);
  }

  @Test
  void aKeyPublishedWithItsPrivatePartFails() {
    assertThat(serving(new JWKSet(key)).run(context()))
        .failedWith("key k1 at https://idp.example.org/jwks is published WITH its private part");
  }

  @Test
  void anEmptyKeySetFails() {
    assertThat(serving(new JWKSet()).run(context()))
        .failedWith("JWKS https://idp.example.org/jwks publishes no key");
  }

  @Test
  void aJwksThatDoesNotAnswerFailsNamingIt() {
    JwksResponding down =
        new JwksResponding(
            env -> DISCOVERED,
            (uri, timeout) -> {
              throw new UncheckedIOException(
                  "JWKS %s did not answer a key set within 5000 ms".formatted(uri),
                  new java.io.IOException("connect timed out"));
            });

    assertThat(down.run(context()))
        .failedWith(
            "could not read the JWKS https://idp.example.org/jwks: JWKS"
                + " https://idp.example.org/jwks did not answer");
  }
}
