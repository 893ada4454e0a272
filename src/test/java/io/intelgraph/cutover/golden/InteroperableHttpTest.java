package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.intelgraph.cutover.config.HttpProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP as real servers need it: the version on cleartext, cookies as a browser keeps them, errors
 * in the server's own words.
 */
class InteroperableHttpTest {

  HttpServer server;
  final Map<String, String> seen = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          seen.put(
              path + " upgrade", String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
          seen.put(
              path + " cookie", String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
          if (path.equals("/realms/r/auth")) {
            // what Keycloak sends on plain http: Secure cookies scoped to the realm's path
            exchange
                .getResponseHeaders()
                .add(
                    "Set-Cookie",
                    "AUTH_SESSION_ID=s1; Path=/realms/r/; Secure; HttpOnly; SameSite=None");
            exchange
                .getResponseHeaders()
                .add("Set-Cookie", "KC_RESTART=r1; Path=/realms/r/; Secure; HttpOnly");
          }
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI at(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void cleartextSpeaksHttp11WithoutAnH2cUpgradeByDefault() {
    new GoldenHttp(Duration.ofSeconds(3))
        .send(
            "probe",
            HttpRequest.newBuilder(at("/graphql")).POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(seen.get("/graphql upgrade")).isEqualTo("null");
  }

  @Test
  void http2IsSpokenOnCleartextOnlyWhenForced() {
    new GoldenHttp(Duration.ofSeconds(3), HttpProtocol.HTTP2)
        .send("probe", HttpRequest.newBuilder(at("/graphql")).GET());

    assertThat(seen.get("/graphql upgrade")).isEqualTo("h2c");
  }

  @Test
  void secureCookiesGoBackToALoopbackHostOverHttpOnTheirPathOnly() {
    GoldenHttp http = new GoldenHttp(Duration.ofSeconds(3));
    http.send("authorize", HttpRequest.newBuilder(at("/realms/r/auth")).GET());
    http.send(
        "login form",
        HttpRequest.newBuilder(at("/realms/r/login-actions/authenticate"))
            .POST(HttpRequest.BodyPublishers.noBody()));
    http.send("elsewhere", HttpRequest.newBuilder(at("/other")).GET());

    assertThat(seen.get("/realms/r/login-actions/authenticate cookie"))
        .contains("AUTH_SESSION_ID=s1")
        .contains("KC_RESTART=r1");
    assertThat(seen.get("/other cookie")).isEqualTo("null");
  }

  @Test
  void onlyLoopbackHostsCountAsSecureOverHttp() {
    assertThat(BrowserCookies.isLoopbackHttp(URI.create("http://127.0.0.1:8080/x"))).isTrue();
    assertThat(BrowserCookies.isLoopbackHttp(URI.create("http://localhost/x"))).isTrue();
    assertThat(BrowserCookies.isLoopbackHttp(URI.create("http://[::1]:8080/x"))).isTrue();
    assertThat(BrowserCookies.isLoopbackHttp(URI.create("http://auth.example/x"))).isFalse();
    assertThat(BrowserCookies.isLoopbackHttp(URI.create("http://10.0.0.1/x"))).isFalse();
  }

  @Test
  void aKeycloakErrorPageIsQuotedByItsErrorElementNotItsHead() {
    String page =
        """
        <html><head><title>Sign in to maestro</title><script>var x = 1;</script></head>
        <body><div id="kc-content"><div class="alert-error pf-m-danger"><span class="kc-feedback-text">Restart login cookie not found.
        It may have expired; it may have been deleted or cookies are disabled in your browser.</span></div></div></body></html>""";

    assertThat(PageText.errorOf(page))
        .isEqualTo(
            "Restart login cookie not found. It may have expired; it may have been deleted or cookies are disabled in your browser.");
  }

  @Test
  void aLoginFormShownAgainIsQuotedByItsInputError() {
    String page =
        "<html><head><title>x</title></head><body><form id=\"kc-form-login\"><span id=\"input-error\" class=\"pf-v5-c-helper-text\" aria-live=\"polite\">"
            + "\n  Invalid username or password.\n</span></form></body></html>";

    assertThat(PageText.errorOf(page)).isEqualTo("Invalid username or password.");
  }

  @Test
  void aPageWithoutAnErrorElementIsQuotedByItsVisibleBody() {
    assertThat(
            PageText.errorOf(
                "<html><head><title>T</title></head><body><h1>Invalid HTTP method</h1></body></html>"))
        .isEqualTo("Invalid HTTP method");
    assertThat(
            PageText.errorOf(
                "{\"error\":\"invalid_grant\",\"error_description\":\"Code not valid\"}"))
        .isEqualTo("invalid_grant: Code not valid");
  }

  @Test
  void anErrorElementWithUnquotedAttributesAndEntitiesIsQuotedAsABrowserShowsIt() {
    String page =
        "<body><div class=login><p id=error-message>Account &amp; password &lt;wrong&gt;</p></div>"
            + "<script>var error = 'not this';</script></body>";

    assertThat(PageText.errorOf(page)).isEqualTo("Account & password <wrong>");
  }

  @Test
  void a405OnAPostNamesTheLikelyCause() {
    assertThat(GoldenHttp.likelyCause(405, "POST", HttpClient.Version.HTTP_2))
        .isEqualTo(
            " (the server refused the request method POST over HTTP/2; if it speaks only HTTP/1.1, set goldens.http: http1; else check the URL path)");
    assertThat(
            new GraphQlResponse(
                    405,
                    tools.jackson.databind.node.MissingNode.getInstance(),
                    List.of(),
                    Duration.ZERO,
                    "Invalid HTTP method")
                .describe())
        .startsWith("HTTP 405 (the server refused the request method POST;")
        .endsWith(": Invalid HTTP method");
  }
}
