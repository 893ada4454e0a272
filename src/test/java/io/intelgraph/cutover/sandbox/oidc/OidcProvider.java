package io.intelgraph.cutover.sandbox.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.HttpUrl;

/**
 * The sandbox's OAuth2/OIDC provider: a real server ({@code mock-oauth2-server}) in-process on an
 * ephemeral 127.0.0.1 port, one issuer ({@value #ISSUER_ID}), interactive login enabled so the
 * authorization-code + PKCE journey works (the login form takes {@code username} and a JSON {@code
 * claims} object).
 *
 * <p>Every URI uses 127.0.0.1: the server derives {@code iss} from the Host header, so mixing
 * {@code localhost} would yield tokens with another issuer.
 *
 * <pre>{@code
 * try (OidcProvider oidc = OidcProvider.start()) {
 *   String bearer = oidc.clientCredentialsToken(OidcProvider.CLIENT_ID, Map.of("tenant", "tenant-a"));
 * }
 * }</pre>
 */
public final class OidcProvider implements AutoCloseable {

  public static final String ISSUER_ID = "default";

  /** The sandbox's confidential client; the server accepts any secret, this one is documented. */
  public static final String CLIENT_ID = "intelgraph-sandbox";

  public static final String CLIENT_SECRET = "intelgraph-sandbox-secret";

  /** The audience of tokens minted by {@link #clientCredentialsToken}. */
  public static final String AUDIENCE = "intelgraph-api";

  /** The interactive-login test user and its tenant. */
  public static final String TEST_USERNAME = "analyst@intelgraph.test";

  public static final String TEST_TENANT = "tenant-sandbox";

  /** Name of the tenant claim the API reads. */
  public static final String TENANT_CLAIM = "tenant";

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private final MockOAuth2Server server;
  private final URI issuer;

  private OidcProvider(MockOAuth2Server server, URI issuer) {
    this.server = server;
    this.issuer = issuer;
  }

  /** Starts the provider; takes well under a second. */
  public static OidcProvider start() {
    MockOAuth2Server server =
        new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\":true}"));
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not resolve 127.0.0.1 for the OIDC provider", e);
    }
    URI issuer = URI.create("http://127.0.0.1:%d/%s".formatted(server.baseUrl().port(), ISSUER_ID));
    return new OidcProvider(server, issuer);
  }

  /** The issuer, e.g. {@code http://127.0.0.1:41234/default}; equals the tokens' {@code iss}. */
  public URI issuer() {
    return issuer;
  }

  public URI discoveryUri() {
    return URI.create(issuer + "/.well-known/openid-configuration");
  }

  public URI jwksUri() {
    return URI.create(issuer + "/jwks");
  }

  public URI tokenEndpoint() {
    return URI.create(issuer + "/token");
  }

  public URI authorizationEndpoint() {
    return URI.create(issuer + "/authorize");
  }

  /**
   * A signed access token as the token endpoint would issue for the client-credentials grant:
   * {@code sub} and {@code client_id} = {@code clientId}, {@code aud} = {@value #AUDIENCE}, one
   * hour of validity, plus {@code claims} (e.g. {@code tenant}). It is minted in-process with the
   * same key the JWKS publishes, so the load generator pays no HTTP round-trip per token.
   */
  public String clientCredentialsToken(String clientId, Map<String, Object> claims) {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException(
          "clientId must not be blank; use e.g. OidcProvider.CLIENT_ID");
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("sub", clientId);
    all.put("client_id", clientId);
    all.put("azp", clientId);
    all.put("aud", List.of(AUDIENCE));
    all.putAll(Objects.requireNonNull(claims, "claims"));
    return server.anyToken(HttpUrl.get(issuer.toString()), all, TOKEN_LIFETIME).serialize();
  }

  /**
   * A token this provider really signed but whose {@code exp} passed a minute ago: what the
   * expired-token security golden sends, since a forged expiry would fail on its signature instead
   * and prove nothing about expiry checking.
   */
  public String expiredToken(Map<String, Object> claims) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("sub", CLIENT_ID);
    all.put("client_id", CLIENT_ID);
    all.put("aud", List.of(AUDIENCE));
    all.putAll(Objects.requireNonNull(claims, "claims"));
    return server
        .anyToken(HttpUrl.get(issuer.toString()), all, Duration.ofSeconds(-60))
        .serialize();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
