package io.intelgraph.cutover.interop;

import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Keycloak (the keycloak-quarkus-dist zip that Maven unpacks into target/interop) in
 * development mode on a loopback port, and the realm the goldens need, made through its admin REST
 * API: https://www.keycloak.org/docs-api/latest/rest-api/index.html
 */
final class Keycloak implements AutoCloseable {

  static final Path HOME =
      Path.of(System.getProperty("interop.keycloak.home", "target/interop/keycloak-26.7.3"));

  /**
   * Keycloak 26 needs Java 21+: -Dinterop.keycloak.java, else the Temurin 25 or a Debian OpenJDK
   * 25/21 here.
   */
  static final Path JAVA_HOME =
      java.util.stream.Stream.of(
              System.getProperty("interop.keycloak.java", ""),
              "/usr/lib/jvm/temurin-25-jdk-amd64",
              "/usr/lib/jvm/java-25-openjdk-amd64",
              "/usr/lib/jvm/java-21-openjdk-amd64")
          .filter(p -> !p.isBlank() && Files.isExecutable(Path.of(p, "bin", "java")))
          .findFirst()
          .map(Path::of)
          .orElse(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));

  static final String REALM = "maestro";
  static final String AUDIENCE = "intelgraph-api";
  private static final String ADMIN = "admin";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final int port;
  private final String password;
  private final ChildProcess process;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private String adminToken;

  private Keycloak(int port, String password, ChildProcess process) {
    this.port = port;
    this.password = password;
    this.process = process;
  }

  /** Starts Keycloak and waits for its master realm to answer, at most {@code bound}. */
  static Keycloak start(Duration bound) throws IOException {
    if (!Files.isExecutable(HOME.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          "no Keycloak at "
              + HOME
              + "; run `mvn verify` (its pre-integration-test phase unpacks keycloak-quarkus-dist)");
    }
    if (!Files.isExecutable(JAVA_HOME.resolve("bin/java"))) {
      throw new IllegalStateException(
          "Keycloak needs a JDK 21+ (looked at "
              + JAVA_HOME
              + " and the Debian OpenJDK 21/25);"
              + " install openjdk-21-jdk-headless (.ci/run does) or pass -Dinterop.keycloak.java=PATH");
    }
    int port = io.intelgraph.cutover.testing.LoopbackPorts.free();
    String password = "admin-" + java.util.UUID.randomUUID();
    ChildProcess process =
        InteropProcesses.start(
            "keycloak",
            HOME,
            Map.of(
                "JAVA_HOME",
                JAVA_HOME.toString(),
                "KC_BOOTSTRAP_ADMIN_USERNAME",
                ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD",
                password,
                "JAVA_OPTS_KC_HEAP",
                "-Xms64m -Xmx512m",
                // a server living one test class long: C1 alone takes a third less CPU to start
                // it (23 s instead of 36 s), which the test JVMs beside it need
                "JAVA_OPTS_APPEND",
                "-XX:TieredStopAtLevel=1"),
            List.of(
                "bin/kc.sh",
                "start-dev",
                "--db",
                "dev-mem",
                "--http-port",
                String.valueOf(port),
                "--http-host",
                "127.0.0.1"));
    Keycloak keycloak = new Keycloak(port, password, process);
    try {
      await("Keycloak start-dev on port " + port)
          .atMost(bound)
          .pollInterval(Duration.ofSeconds(1))
          .failFast("Keycloak exited: " + process.tail(), () -> !process.isAlive())
          .ignoreExceptions()
          .until(() -> keycloak.get("/realms/master").statusCode() == 200);
    } catch (RuntimeException e) {
      keycloak.close();
      throw new IllegalStateException(e.getMessage() + "\n" + process.tail(), e);
    }
    return keycloak;
  }

  URI issuer() {
    return URI.create("http://127.0.0.1:" + port + "/realms/" + REALM);
  }

  /**
   * The realm: two users of two tenants, the suite's confidential client, a second tenant's client,
   * and a short-lived one.
   */
  Map<String, String> createRealm() throws IOException, InterruptedException {
    adminToken =
        token(
            "master",
            "admin-cli",
            null,
            Map.of("grant_type", "password", "username", ADMIN, "password", password));
    send("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true));
    // the tenant is a user attribute; the declarative user profile keeps unmanaged attributes only
    // when told to
    ObjectNode profile =
        (ObjectNode) JSON.readTree(send("GET", "/admin/realms/" + REALM + "/users/profile", null));
    profile.put("unmanagedAttributePolicy", "ENABLED");
    send("PUT", "/admin/realms/" + REALM + "/users/profile", profile);
    String suiteSecret = client("maestro-cutover", "tenant-a", null);
    String otherSecret = client("maestro-cutover-tenant-b", "tenant-b", null);
    String shortSecret = client("short-lived", "tenant-a", "1");
    user("golden-user", "tenant-a");
    user("other-user", "tenant-b");
    return Map.of(
        "maestro-cutover",
        suiteSecret,
        "maestro-cutover-tenant-b",
        otherSecret,
        "short-lived",
        shortSecret);
  }

  static String userPassword(String username) {
    return "pw-" + username + "-" + Integer.toHexString(username.hashCode());
  }

  /** A token of {@code clientId} by client credentials, as the raw compact JWT. */
  String clientCredentialsToken(String clientId, String secret)
      throws IOException, InterruptedException {
    return token(REALM, clientId, secret, Map.of("grant_type", "client_credentials"));
  }

  /**
   * Points the suite client's audience mapper at {@code audience} (a realm misconfiguration, and
   * its repair).
   */
  void setAudience(String audience) throws IOException, InterruptedException {
    String id = clientUuid("maestro-cutover");
    JsonNode mappers =
        JSON.readTree(
            send(
                "GET",
                "/admin/realms/%s/clients/%s/protocol-mappers/models".formatted(REALM, id),
                null));
    for (JsonNode mapper : mappers) {
      if ("audience".equals(mapper.path("name").asString())) {
        ObjectNode changed = (ObjectNode) mapper;
        ((ObjectNode) changed.path("config")).put("included.custom.audience", audience);
        send(
            "PUT",
            "/admin/realms/%s/clients/%s/protocol-mappers/models/%s"
                .formatted(REALM, id, mapper.path("id").asString()),
            changed);
      }
    }
  }

  private String client(String clientId, String tenant, String lifespanSeconds)
      throws IOException, InterruptedException {
    String secret = java.util.UUID.randomUUID().toString();
    Map<String, String> attributes =
        lifespanSeconds == null
            ? Map.of("pkce.code.challenge.method", "S256")
            : Map.of(
                "pkce.code.challenge.method", "S256", "access.token.lifespan", lifespanSeconds);
    send(
        "POST",
        "/admin/realms/" + REALM + "/clients",
        Map.of(
            "clientId",
            clientId,
            "enabled",
            true,
            "publicClient",
            false,
            "secret",
            secret,
            "standardFlowEnabled",
            true,
            "serviceAccountsEnabled",
            true,
            "directAccessGrantsEnabled",
            false,
            "redirectUris",
            List.of("http://127.0.0.1/callback"),
            "attributes",
            attributes,
            "protocolMappers",
            List.of(
                Map.of(
                    "name",
                    "audience",
                    "protocol",
                    "openid-connect",
                    "protocolMapper",
                    "oidc-audience-mapper",
                    "config",
                    Map.of(
                        "included.custom.audience",
                        AUDIENCE,
                        "access.token.claim",
                        "true",
                        "id.token.claim",
                        "false")),
                Map.of(
                    "name",
                    "tenant",
                    "protocol",
                    "openid-connect",
                    "protocolMapper",
                    "oidc-usermodel-attribute-mapper",
                    "config",
                    Map.of(
                        "user.attribute",
                        "tenant",
                        "claim.name",
                        "tenant",
                        "jsonType.label",
                        "String",
                        "access.token.claim",
                        "true",
                        "id.token.claim",
                        "true",
                        "userinfo.token.claim",
                        "true")))));
    String id = clientUuid(clientId);
    JsonNode account =
        JSON.readTree(
            send(
                "GET",
                "/admin/realms/%s/clients/%s/service-account-user".formatted(REALM, id),
                null));
    ObjectNode withTenant = (ObjectNode) account;
    withTenant.putObject("attributes").putArray("tenant").add(tenant);
    send(
        "PUT",
        "/admin/realms/%s/users/%s".formatted(REALM, account.path("id").asString()),
        withTenant);
    return secret;
  }

  private void user(String username, String tenant) throws IOException, InterruptedException {
    send(
        "POST",
        "/admin/realms/" + REALM + "/users",
        Map.of(
            "username",
            username,
            "enabled",
            true,
            "email",
            username + "@example.test",
            "emailVerified",
            true,
            "firstName",
            "Golden",
            "lastName",
            tenant,
            "attributes",
            Map.of("tenant", List.of(tenant)),
            "credentials",
            List.of(
                Map.of("type", "password", "value", userPassword(username), "temporary", false))));
  }

  private String clientUuid(String clientId) throws IOException, InterruptedException {
    JsonNode found =
        JSON.readTree(
            send("GET", "/admin/realms/%s/clients?clientId=%s".formatted(REALM, clientId), null));
    return found.path(0).path("id").asString();
  }

  private String token(String realm, String clientId, String secret, Map<String, String> grant)
      throws IOException, InterruptedException {
    Map<String, String> form = new java.util.LinkedHashMap<>(grant);
    form.put("client_id", clientId);
    if (secret != null) form.put("client_secret", secret);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:%d/realms/%s/protocol/openid-connect/token"
                            .formatted(port, realm)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form.entrySet().stream()
                            .map(
                                e ->
                                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                        + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Keycloak token for %s in realm %s answered %d: %s"
              .formatted(clientId, realm, response.statusCode(), response.body()));
    }
    return JSON.readTree(response.body()).path("access_token").asString();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String send(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "Keycloak admin %s %s answered %d: %s"
              .formatted(method, path, response.statusCode(), response.body()));
    }
    return response.body();
  }

  @Override
  public void close() {
    process.close();
  }
}
