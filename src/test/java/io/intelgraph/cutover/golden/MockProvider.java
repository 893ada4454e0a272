package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Oidc;
import io.intelgraph.cutover.config.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real mock-oauth2-server on 127.0.0.1 (one host name everywhere: the issuer follows the Host
 * header) with interactive login, and the {@link Oidc} settings the sandbox uses for it.
 */
final class MockProvider implements AutoCloseable {
  static final String ISSUER_ID = "default";
  static final String AUDIENCE = "intelgraph-api";
  static final String CLIENT_ID = "maestro-cutover";
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final MockOAuth2Server server;

  MockProvider() throws Exception {
    server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  URI issuer() {
    return URI.create("http://127.0.0.1:" + server.baseUrl().port() + "/" + ISSUER_ID);
  }

  Oidc oidc() {
    return oidc(Optional.of(new Secret("test:client-secret", "not-a-real-secret")));
  }

  static Oidc oidc(Optional<Secret> clientSecret) {
    return new Oidc(
        CLIENT_ID,
        clientSecret,
        AUDIENCE,
        List.of("openid", "profile", AUDIENCE),
        URI.create("http://127.0.0.1/callback"),
        new Oidc.Login(
            "golden-user",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "username",
            "password",
            Map.of(
                "claims",
                "{\"tenant\":\"{{tenant}}\",\"aud\":[\""
                    + AUDIENCE
                    + "\",\""
                    + CLIENT_ID
                    + "\"]}")),
        "tenant",
        List.of("RS256", "ES256"),
        Duration.ofSeconds(30),
        List.of("sub", "iat", "exp"),
        Optional.empty(),
        Optional.empty());
  }

  OidcLogin login() {
    return OidcLogin.discover(issuer(), oidc(), TIMEOUT);
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
