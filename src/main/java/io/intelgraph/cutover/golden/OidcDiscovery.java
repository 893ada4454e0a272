package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.support.BoundedHttp.Exchange;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The provider metadata the goldens use, read from {@code
 * <issuer>/.well-known/openid-configuration}. The document's {@code issuer} must equal the
 * configured one exactly (OpenID Connect Discovery 1.0, section 4.3): a mismatch is a
 * misconfiguration or an impersonation, never ignored.
 *
 * <pre>{@code
 * OidcDiscovery provider = OidcDiscovery.fetch(URI.create("https://auth.example/realms/maestro"), Duration.ofSeconds(5));
 * URI jwks = provider.jwksUri();
 * }</pre>
 */
public record OidcDiscovery(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {

  public OidcDiscovery {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(jwksUri, "jwksUri");
  }

  /** Fetches and checks the discovery document; every failure names the URL and what was wrong. */
  public static OidcDiscovery fetch(URI issuer, Duration timeout) {
    return fetch(issuer, timeout, HttpProtocol.AUTO);
  }

  /** The same, speaking {@code protocol} ({@code goldens.http}). */
  public static OidcDiscovery fetch(URI issuer, Duration timeout, HttpProtocol protocol) {
    String base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
    URI url = URI.create(base + ".well-known/openid-configuration");
    Exchange exchange =
        new GoldenHttp(timeout, protocol).send("OIDC discovery", HttpRequest.newBuilder(url).GET());
    if (exchange.status() != 200) {
      throw new GoldenException(
          "OIDC discovery: GET %s answered %s; expected 200 with the provider metadata (is endpoints.oidc_issuer right?)"
              .formatted(url, GoldenHttp.describeFailure(exchange)));
    }
    JsonNode document = Json.parse("OIDC discovery " + url, exchange.body());
    String advertised = text(document, "issuer", url);
    if (!advertised.equals(issuer.toString())) {
      throw new GoldenException(
          ("OIDC discovery: %s advertises issuer '%s' but endpoints.oidc_issuer is '%s'; they must be"
                  + " identical (same host name and path), fix the configured issuer")
              .formatted(url, advertised, issuer));
    }
    return new OidcDiscovery(
        issuer,
        URI.create(text(document, "authorization_endpoint", url)),
        URI.create(text(document, "token_endpoint", url)),
        URI.create(text(document, "jwks_uri", url)));
  }

  private static String text(JsonNode document, String field, URI url) {
    JsonNode node = document.path(field);
    if (!node.isString() || node.stringValue().isBlank()) {
      throw new GoldenException(
          "OIDC discovery: %s has no '%s'; the provider metadata is incomplete"
              .formatted(url, field));
    }
    return node.stringValue();
  }
}
