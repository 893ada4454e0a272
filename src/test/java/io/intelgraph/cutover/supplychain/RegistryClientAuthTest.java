package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.intelgraph.cutover.config.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distribution spec's bearer-token challenge, answered as a token service expects (realm,
 * service, scope, basic credentials).
 */
class RegistryClientAuthTest {

  private static final byte[] MANIFEST =
      "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
  private HttpServer server;
  private String host;
  private final List<String> tokenRequests = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    host = "127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/token",
        exchange -> {
          tokenRequests.add(
              exchange.getRequestURI().getRawQuery()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          String expected =
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("reader:s3cret".getBytes(StandardCharsets.UTF_8));
          if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(
                exchange,
                401,
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
          } else {
            reply(
                exchange,
                200,
                "{\"token\":\"tok-123\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.createContext(
        "/v2/",
        exchange -> {
          if (!"Bearer tok-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange
                .getResponseHeaders()
                .add(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://%s/token\",service=\"sandbox-registry\",scope=\"repository:intelgraph/api:pull\""
                        .formatted(host));
            reply(exchange, 401, new byte[0]);
          } else {
            exchange
                .getResponseHeaders()
                .add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            reply(exchange, 200, MANIFEST);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) exchange.getResponseBody().write(body);
    exchange.close();
  }

  private RegistryClient client(String user, String password) {
    return new RegistryClient(
        Duration.ofSeconds(5),
        Set.of(host),
        Optional.of(user),
        Optional.of(new Secret("env:REGISTRY_PASSWORD", password)));
  }

  @Test
  void bearerChallengeIsAnsweredWithATokenForTheScopeAndTheRequestRetried() {
    RegistryClient client = client("reader", "s3cret");
    ImageReference image = ImageReference.parse(host + "/intelgraph/api:1.42.0");

    Optional<RegistryClient.Manifest> manifest = client.manifest(image, "1.42.0");
    client.manifest(image, "1.42.0");

    assertThat(manifest)
        .get()
        .extracting(RegistryClient.Manifest::mediaType)
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(manifest.get().digest()).isEqualTo(RegistryClient.sha256(MANIFEST));
    assertThat(tokenRequests).as("one token, reused").hasSize(1);
    assertThat(tokenRequests.get(0))
        .startsWith("service=sandbox-registry&scope=repository%3Aintelgraph%2Fapi%3Apull Basic ");
  }

  @Test
  void refusedCredentialsFailNamingTheUserAndNotThePassword() {
    RegistryClient client = client("reader", "wrong-password");

    assertThatThrownBy(
            () -> client.manifest(ImageReference.parse(host + "/intelgraph/api:1.42.0"), "1.42.0"))
        .isInstanceOf(SupplyChainException.class)
        .hasMessageContaining("for a registry token (as reader) answered 401")
        .hasMessageNotContaining("wrong-password");
  }
}
