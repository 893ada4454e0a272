package io.intelgraph.cutover.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.cli.CutoverCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The goldens against systems they were not written with: a real Keycloak through its login form
 * with PKCE, and a GraphQL API on another stack (Node, graphql-js, the graphql-ws reference server,
 * jose) whose schema differs from the sandbox's, configured by YAML only. All goldens pass; each
 * fails for the right reason when the realm or the API is broken.
 *
 * <p>Needs, all fetched by the build itself: Keycloak from Maven Central (unpacked by the
 * pre-integration-test phase), npm packages from the npm registry ({@code npm ci}), Node 20+ and a
 * JDK 21+ at /usr/lib/jvm/temurin-25-jdk-amd64 (.ci/run installs both when missing).
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class GoldensInteropIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static Keycloak keycloak;
  static NodeGraphQlApi api;
  static Path config;

  @BeforeAll
  static void start() throws Exception {
    // the first start on a fresh unpack also augments the Quarkus build (~60 s here); later starts
    // skip that
    keycloak = Keycloak.start(Duration.ofSeconds(150));
    Map<String, String> secrets = keycloak.createRealm();
    api = NodeGraphQlApi.start(keycloak.issuer(), Keycloak.AUDIENCE);
    Path directory = Files.createDirectories(Path.of("target", "interop", "config"));
    for (Map.Entry<String, String> secret : secrets.entrySet())
      Files.writeString(directory.resolve(secret.getKey() + ".secret"), secret.getValue());
    for (String user : List.of("golden-user", "other-user"))
      Files.writeString(directory.resolve(user + ".password"), Keycloak.userPassword(user));
    Files.writeString(directory.resolve("expired.token"), expiredToken(secrets.get("short-lived")));
    String yaml =
        Files.readString(Path.of("src/test/interop/goldens-node-keycloak.yaml"))
            .replace("${API}", api.base().toString())
            .replace("${ISSUER}", keycloak.issuer().toString())
            .replace("${DIR}", directory.toAbsolutePath().toString());
    config = Files.writeString(directory.resolve("interop.yaml"), yaml);
  }

  /** A token the realm really signed, then let expire (its client's tokens live one second). */
  private static String expiredToken(String secret) throws Exception {
    String token = keycloak.clientCredentialsToken("short-lived", secret);
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
    await("short-lived token expiry")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Instant.now().isAfter(expires.plusSeconds(1)));
    return token;
  }

  @AfterAll
  static void stop() {
    if (api != null) api.close();
    if (keycloak != null) keycloak.close();
  }

  record Run(int exit, JsonNode json, String output) {
    JsonNode golden(String name) {
      for (JsonNode row : json.path("goldens"))
        if (name.equals(row.path("golden").asString())) return row;
      throw new AssertionError("no golden " + name + " in " + output);
    }

    List<String> failed() {
      List<String> failed = new ArrayList<>();
      for (JsonNode row : json.path("goldens"))
        if (!row.path("passed").asBoolean()) failed.add(row.path("name").asString());
      return failed;
    }
  }

  private static Run goldens(String... only) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new ArrayList<>(List.of("goldens", "--config", config.toString(), "--format", "json"));
    if (only.length > 0) args.addAll(List.of("--only", String.join(",", only)));
    int exit =
        CutoverCommand.execute(
            new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    String output = out + err.toString() + "\n" + api.tail();
    JsonNode json =
        out.toString().isBlank() ? JSON.createObjectNode() : JSON.readTree(out.toString());
    return new Run(exit, json, output);
  }

  @Test
  void allGoldensAndSecurityGoldensPassAgainstKeycloakAndANodeApi() throws Exception {
    Run run = goldens();

    assertThat(run.failed()).as(run.output()).isEmpty();
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.json().path("goldens"))
        .extracting(row -> row.path("golden").asString())
        .contains("oidc_login", "entity_write", "graph_3hop", "subscription", "security");
  }

  @Test
  void aRealmThatIssuesTokensForAnotherAudienceFailsTheLogin() throws Exception {
    keycloak.setAudience("another-api");
    try {
      Run run = goldens("oidc_login");

      assertThat(run.exit()).as(run.output()).isEqualTo(2);
      assertThat(run.golden("oidc_login").path("detail").asString())
          .contains("expected it to contain 'intelgraph-api'")
          .contains("another-api");
    } finally {
      keycloak.setAudience(Keycloak.AUDIENCE);
    }
  }

  @Test
  void anApiThatAnswers500OnWritesFailsTheEntityWrite() throws Exception {
    api.fault("write-500");
    try {
      Run run = goldens("entity_write");

      assertThat(run.exit()).as(run.output()).isEqualTo(2);
      assertThat(run.golden("entity_write").path("detail").asString())
          .contains("AddNode as tenant tenant-a")
          .contains("HTTP 500")
          .contains("internal server error");
    } finally {
      api.fault("none");
    }
  }

  @Test
  void anApiWhoseSubscriptionStaysSilentFailsTheSubscription() throws Exception {
    api.fault("silent-subscription");
    try {
      Run run = goldens("subscription");

      assertThat(run.exit()).as(run.output()).isEqualTo(2);
      assertThat(run.golden("subscription").path("detail").asString())
          .contains("timed out")
          .contains("event for the write");
    } finally {
      api.fault("none");
    }
  }
}
