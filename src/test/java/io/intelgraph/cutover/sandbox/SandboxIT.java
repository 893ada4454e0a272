package io.intelgraph.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SandboxIT {

  @Test
  void startsEndToEndAndClosesWithoutLeftovers() {
    long started = System.nanoTime();
    SandboxResource resource = SandboxResource.start(SandboxOptions.defaults(), 0);
    Sandbox sandbox = resource.sandbox();
    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    long pid = sandbox.prometheus().pid().orElseThrow();
    SandboxEndpoints endpoints = sandbox.endpoints();
    try {
      // the start-up target (< 15 s) is SandboxStartupBenchmark's figure; here only a bound that
      // catches a hang
      System.out.printf("sandbox start-up: %d ms%n", startup.toMillis());
      assertThat(startup)
          .as("sandbox start-up (a hang, not a slow machine)")
          .isLessThan(Duration.ofSeconds(90));
      assertThat(sandbox.prometheus().query("up == 1"))
          .extracting(s -> s.labels().get("job"))
          .containsExactlyInAnyOrder(
              Sandbox.KAFKA_JOB,
              Sandbox.OPA_JOB,
              Sandbox.DATABASE_PROBE_JOB,
              Sandbox.DATABASE_PROBE_JOB,
              Sandbox.POSTGRES_JOB,
              io.intelgraph.cutover.sandbox.standin.PlatformExportersStandIn.NEO4J_JOB,
              io.intelgraph.cutover.sandbox.standin.PlatformExportersStandIn.KUBE_STATE_METRICS_JOB,
              Sandbox.ALERTMANAGER_JOB,
              Sandbox.PUSHGATEWAY_JOB,
              Sandbox.CHAOS_JOB);
      assertThat(
              sandbox
                  .kubernetes()
                  .apps()
                  .deployments()
                  .inNamespace(ClusterNames.NAMESPACE)
                  .list()
                  .getItems())
          .hasSize(3);
      assertThat(sandbox.configOverrides())
          .containsEntry(SandboxConfigKeys.PROMETHEUS, endpoints.prometheus().toString())
          .containsEntry(SandboxConfigKeys.OIDC_ISSUER, endpoints.oidcIssuer().toString())
          .containsEntry(SandboxConfigKeys.KUBERNETES, endpoints.kubernetes().toString())
          .containsEntry(SandboxConfigKeys.OPA, endpoints.opa().toString())
          .containsEntry(
              SandboxConfigKeys.METRICS_PUSHGATEWAY, sandbox.pushgateway().baseUrl().toString())
          .containsEntry(SandboxConfigKeys.COST, endpoints.cost().toString())
          .containsKeys(
              SandboxConfigKeys.OIDC_CLIENT_SECRET_FILE,
              SandboxConfigKeys.EXPIRED_TOKEN_FILE,
              SandboxConfigKeys.KUBERNETES_TOKEN_FILE)
          .containsKeys(SandboxConfigKeys.RESTORE_BACKUPS, SandboxConfigKeys.RESTORE_SOURCE_FILE)
          .doesNotContainKey(SandboxConfigKeys.API);
      assertThat(sandbox.configOverrides().values())
          .allSatisfy(value -> assertThat(value).doesNotContain("localhost"));
    } finally {
      resource.close();
    }

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("prometheus pid %d after close", pid)
        .isEmpty();
    for (URI closed :
        new URI[] {
          endpoints.prometheus(),
          endpoints.oidcIssuer(),
          endpoints.kubernetes(),
          endpoints.opa(),
          endpoints.kafkaMetrics(),
          endpoints.cost(),
          endpoints.postgresExporter()
        }) {
      assertThat(accepts(closed)).as("%s still accepting after close", closed).isFalse();
    }
  }

  @Test
  void aFailingApiLaunchClosesWhatHadStarted() {
    AtomicReference<URI> issuer = new AtomicReference<>();
    ApiLauncher broken =
        context -> {
          issuer.set(context.oidc().issuer());
          throw new IOException("port 8080 in use");
        };

    assertThatThrownBy(() -> SandboxResource.start(SandboxOptions.defaults().withApi(broken), 0))
        .hasMessageContaining("the sandbox API failed to start")
        .hasMessageContaining("port 8080 in use");
    assertThat(accepts(issuer.get())).as("OIDC provider after a failed start").isFalse();
  }

  /** One sandbox, with a metrics-only placeholder where the reference API will plug in. */
  @Nested
  @SandboxTest(api = PlaceholderTracks.class)
  class Running {

    @Test
    void eachApiTrackIsScrapedWithItsTrackLabel(Sandbox sandbox) {
      ApiContext seenContext = PlaceholderTracks.lastContext();
      assertThat(sandbox.prometheus().query("up{job=\"intelgraph-api\"} == 1"))
          .extracting(s -> s.labels().get("track"))
          .containsExactlyInAnyOrder("stable", "canary");
      assertThat(sandbox.endpoints().api()).isPresent();
      assertThat(sandbox.configOverrides())
          .containsKeys(
              SandboxConfigKeys.API,
              SandboxConfigKeys.DNS_RESOLVER,
              SandboxConfigKeys.TLS_ENDPOINT,
              SandboxConfigKeys.TLS_TRUST);
      assertThat(seenContext.trafficWeights().canaryPercent()).isZero();
      assertThat(seenContext.faults()).isSameAs(sandbox.faults());
    }

    @Test
    void prometheusDownMakesQueriesFailUntilHealthy(Sandbox sandbox) {
      PrometheusServer prometheus = sandbox.prometheus();

      sandbox.faults().activate(Fault.PROMETHEUS_DOWN);
      assertThatThrownBy(() -> prometheus.query("up")).hasMessageContaining("did not answer");

      sandbox.faults().activate(Fault.HEALTHY);
      await("prometheus answering after PROMETHEUS_DOWN ends")
          .atMost(Duration.ofSeconds(5))
          .ignoreExceptions()
          .until(() -> !prometheus.query("up").isEmpty());
    }

    @Test
    void kafkaLagShowsInPrometheus(Sandbox sandbox) {
      sandbox.faults().activate(Fault.KAFKA_LAG);

      await("kafka_consumer_lag_sum past 1000 in Prometheus")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  sandbox
                          .prometheus()
                          .query(
                              "kafka_consumer_lag_sum{consumergroup=\"intelgraph-ingest\"} > 1000")
                          .size()
                      == 1);
    }
  }

  private static boolean accepts(URI uri) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
