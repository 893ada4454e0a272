package io.intelgraph.cutover.runbook.canary;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.LineContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Health checks passing" against fabric8's CRUD mock and a JDK HTTP stub of the API: the stub's
 * health endpoint answers from stable and canary in turn (named in {@code x-track}), its GraphQL
 * endpoint serves {@code __typename} to a bearer token.
 */
@EnableKubernetesMockClient(crud = true)
class HealthChecksTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  KubernetesClient client;
  @TempDir Path dir;
  HttpServer api;
  final AtomicInteger requests = new AtomicInteger();
  int canaryHealthStatus = 200;
  int graphqlStatus = 200;

  @BeforeEach
  void stubApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/api/health",
        exchange -> {
          boolean canary = requests.incrementAndGet() % 2 == 0;
          exchange.getResponseHeaders().add("x-track", canary ? "canary" : "stable");
          respond(exchange, canary ? canaryHealthStatus : 200, "{\"status\":\"ok\"}");
        });
    api.createContext(
        "/graphql",
        exchange ->
            respond(
                exchange,
                graphqlStatus,
                graphqlStatus == 200
                    ? "{\"data\":{\"__typename\":\"Query\"}}"
                    : "{\"errors\":[{\"message\":\"unauthorized\"}]}"));
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  LineContext context(boolean trackHeader) {
    Map<String, String> properties = new HashMap<>();
    properties.put("cutover.endpoints.api", "http://127.0.0.1:" + api.getAddress().getPort());
    properties.put("cutover.cadence.rollout_timeout", "5s");
    if (trackHeader) properties.put("cutover.goldens.track_header", "x-track");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        new MockCluster(client).environment(properties),
        client,
        new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock),
        clock);
  }

  void deploymentsReady() {
    new MockCluster(client).seed(20);
    for (String name : new String[] {MockCluster.STABLE, MockCluster.CANARY}) {
      Deployment deployment =
          client.apps().deployments().inNamespace(MockCluster.NS).withName(name).get();
      int replicas = deployment.getSpec().getReplicas();
      client
          .apps()
          .deployments()
          .inNamespace(MockCluster.NS)
          .resource(
              new DeploymentBuilder(deployment)
                  .withNewStatus()
                  .withObservedGeneration(deployment.getMetadata().getGeneration())
                  .withReplicas(replicas)
                  .withUpdatedReplicas(replicas)
                  .withReadyReplicas(replicas)
                  .withAvailableReplicas(replicas)
                  .endStatus()
                  .build())
          .updateStatus();
    }
  }

  HealthChecks line() {
    return new HealthChecks(() -> new BearerToken("golden-user-token"));
  }

  @Test
  void readyDeploymentsBothTracksAnsweringAndAServedRequestPass() {
    deploymentsReady();

    assertThat(line().run(context(true))).passed();
  }

  @Test
  void withoutATrackHeaderTheLineCannotTellTheTracksAndSaysWhichKeyToSet() {
    deploymentsReady();

    assertThat(line().run(context(false)))
        .isNotConfigured("goldens.track_header", "cannot tell which track answered");
  }

  @Test
  void aCanaryNotAnswering200AndARequestNotServedAreEachAProblem() {
    deploymentsReady();
    canaryHealthStatus = 503;
    graphqlStatus = 401;

    assertThat(line().run(context(true)))
        .failedWith(
            "/api/health: 1 answers were not 200",
            "request 2: HTTP 503 from canary",
            "with the golden user's token was not served: HTTP 401");
  }

  @Test
  void missingDeploymentsFailNamingThemNeverThrow() {
    assertThat(line().run(context(true)))
        .failedWith(
            "deployment intelgraph-maestro/intelgraph-api cannot be read",
            "deployment intelgraph-maestro/intelgraph-api-canary cannot be read");
  }
}
