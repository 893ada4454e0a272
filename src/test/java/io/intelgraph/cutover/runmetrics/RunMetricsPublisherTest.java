package io.intelgraph.cutover.runmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.testing.LoopbackPorts;
import io.intelgraph.cutover.testing.StubServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push: its URL as the Pushgateway's API names a group, what it sends, and that a failure is
 * recorded and shown but never thrown. Against the real Pushgateway: {@code RunMetricsPushIT}.
 */
class RunMetricsPublisherTest {

  static final Clock CLOCK = Clock.fixed(RunMetricsTest.T0.plusSeconds(300), ZoneOffset.UTC);

  @TempDir Path dir;
  final List<String> console = new ArrayList<>();

  LedgerStore ledger() {
    FileLedgerStore store = new FileLedgerStore(dir.resolve("ledger.json"), "v1.42.0", CLOCK);
    store.update(l -> RunMetricsTest.rolledBackCanary());
    return store;
  }

  RunMetricsPublisher publisher(LedgerStore ledger, URI gateway, Duration timeout) {
    return new RunMetricsPublisher(
        "prod",
        ledger,
        CLOCK,
        RunMetricsTest.REDACT,
        Optional.of(new Pushgateway(gateway, timeout)),
        console::add);
  }

  static Map<String, String> identity(String release, String environment, String attempt) {
    Map<String, String> key = new java.util.LinkedHashMap<>();
    key.put("release", release);
    key.put("environment", environment);
    key.put("attempt", attempt);
    return key;
  }

  @Test
  void plainLabelValuesArePathSegmentsAndOthersBase64Url() {
    assertThat(Pushgateway.segment("release", "v1.42.0-GA")).isEqualTo("release/v1.42.0-GA");
    assertThat(Pushgateway.segment("release", "team/v1.42"))
        .isEqualTo("release@base64/dGVhbS92MS40Mg==");
    assertThat(Pushgateway.segment("environment", "")).isEqualTo("environment@base64/=");
    // '+' and '/' of standard base64 would break the path: the URL-safe alphabet is used
    assertThat(Pushgateway.segment("release", "?>?")).isEqualTo("release@base64/Pz4_");
  }

  @Test
  void theGroupIsJobReleaseEnvironmentAttemptBelowTheBasePath() {
    Pushgateway gateway =
        new Pushgateway(URI.create("https://gw.example:9091/pushgateway/"), Duration.ofSeconds(1));

    assertThat(gateway.groupUrl(RunMetrics.JOB, identity("team/v1", "prod", "2")))
        .hasToString(
            "https://gw.example:9091/pushgateway/metrics/job/maestro_cutover/release@base64/dGVhbS92MQ==/environment/prod/attempt/2");
  }

  @Test
  void anAcceptedPushPutsTheTextToTheAttemptsGroupAndIsRecorded() {
    try (StubServer gateway =
        StubServer.start().route("/metrics", request -> StubServer.Response.of(200))) {
      LedgerStore ledger = ledger();

      Optional<MetricsPush> push =
          publisher(ledger, gateway.uri(""), Duration.ofSeconds(5)).publish("after phase canary");

      StubServer.Request request = gateway.requests().get(0);
      assertThat(request.method()).isEqualTo("PUT");
      assertThat(request.path())
          .isEqualTo("/metrics/job/maestro_cutover/release/v1.42.0/environment/prod/attempt/2");
      assertThat(request.header("Content-Type"))
          .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(request.body())
          .isEqualTo(RunMetrics.of(ledger.read(), "prod", RunMetricsTest.REDACT).pushBody());
      assertThat(push).hasValueSatisfying(p -> assertThat(p.accepted()).isTrue());
      assertThat(MetricsPush.recorded(ledger.read()))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.trigger()).isEqualTo("after phase canary");
                assertThat(p.series()).isEqualTo(19);
                assertThat(p.detail()).isEqualTo("HTTP 200");
                assertThat(p.at()).isEqualTo(CLOCK.instant());
              });
      assertThat(console)
          .containsExactly(
              "run metrics: pushed 19 series to %s at %s (after phase canary)"
                  .formatted(
                      gateway.uri(
                          "/metrics/job/maestro_cutover/release/v1.42.0/environment/prod/attempt/2"),
                      CLOCK.instant()));
    }
  }

  @Test
  void anUnreachablePushgatewayIsRecordedAndShownNeverThrown() {
    LedgerStore ledger = ledger();
    URI closed = URI.create("http://127.0.0.1:" + LoopbackPorts.free());

    Optional<MetricsPush> push =
        publisher(ledger, closed, Duration.ofSeconds(2)).publish("after rollback DONE");

    assertThat(push).hasValueSatisfying(p -> assertThat(p.accepted()).isFalse());
    MetricsPush recorded = MetricsPush.recorded(ledger.read()).get(0);
    assertThat(recorded.accepted()).isFalse();
    assertThat(recorded.detail())
        .startsWith(
            "push of the run's metrics: PUT "
                + closed
                + "/metrics/job/maestro_cutover/release/v1.42.0/environment/prod/attempt/2 failed after")
        .contains("check that the endpoint is reachable");
    assertThat(ledger.read().events("metrics")).singleElement().matches(e -> !e.ok());
    assertThat(console).singleElement().asString().contains("FAILED: push of the run's metrics");
  }

  @Test
  void aRefusedPushNamesTheAnswer() {
    try (StubServer gateway =
        StubServer.start()
            .route(
                "/metrics",
                request ->
                    StubServer.Response.of(
                        400,
                        "pushed metrics are invalid or inconsistent with existing metrics: bad"))) {
      LedgerStore ledger = ledger();

      MetricsPush push =
          publisher(ledger, gateway.uri(""), Duration.ofSeconds(5))
              .publish("after phase gate")
              .orElseThrow();

      assertThat(push.accepted()).isFalse();
      assertThat(push.detail())
          .startsWith("the Pushgateway refused PUT ")
          .contains(
              "with HTTP 400: pushed metrics are invalid or inconsistent with existing metrics: bad",
              "cutover_metrics.txt");
    }
  }

  @Test
  void anUnreadableLedgerPushesNothingAndIsShownNotThrown() {
    LedgerStore unreadable =
        new LedgerStore() {
          @Override
          public Ledger read() {
            throw new IllegalStateException("ledger /runs/ledger.json is not JSON");
          }

          @Override
          public Ledger update(java.util.function.UnaryOperator<Ledger> change) {
            throw new AssertionError("nothing may be recorded over an unreadable ledger");
          }

          @Override
          public Ledger startNewAttempt() {
            throw new AssertionError("not used");
          }

          @Override
          public List<Ledger> archivedAttempts() {
            return List.of();
          }

          @Override
          public String location() {
            return "/runs/ledger.json";
          }
        };
    try (StubServer gateway =
        StubServer.start().route("/metrics", request -> StubServer.Response.of(200))) {
      MetricsPush push =
          publisher(unreadable, gateway.uri(""), Duration.ofSeconds(5))
              .publish("after phase gate")
              .orElseThrow();

      assertThat(push.accepted()).isFalse();
      assertThat(gateway.requests()).as("pushes").isEmpty();
      assertThat(console)
          .containsExactly(
              "run metrics not pushed (after phase gate): reading them from the ledger"
                  + " /runs/ledger.json failed: ledger /runs/ledger.json is not JSON");
    }
  }

  @Test
  void notConfiguredPushesAndRecordsNothingAndTheEvidenceSaysSo() {
    LedgerStore ledger = ledger();
    Environment env = TestEnvironments.prodExample(Map.of());
    RunMetricsPublisher metrics =
        RunMetricsPublisher.forEnvironment(env, ledger, CLOCK, RunMetricsTest.REDACT);

    assertThat(metrics.configured()).isFalse();
    assertThat(metrics.publish("after phase canary")).isEmpty();
    assertThat(ledger.read().events("metrics")).isEmpty();
    assertThat(metrics.describePushes(ledger.read()))
        .isEqualTo(
            "Pushgateway not configured (metrics.pushgateway): the run's metrics were not pushed");
  }

  @Test
  void theEvidenceNamesThePushesAndTheLastOne() {
    LedgerStore ledger = ledger();
    URI closed = URI.create("http://127.0.0.1:" + LoopbackPorts.free());
    RunMetricsPublisher metrics = publisher(ledger, closed, Duration.ofSeconds(2));
    metrics.publish("after phase canary");
    Ledger attempt = ledger.read();

    assertThat(metrics.describePushes(attempt))
        .startsWith("1 pushes, 1 failed; last: push to " + closed + "/metrics/job/maestro_cutover/")
        .contains("(after phase canary) FAILED: ");
  }

  @Test
  void aConfiguredPushgatewayIsReadFromTheEnvironment() {
    Environment env =
        TestEnvironments.prodExample(
            Map.of(
                "cutover.metrics.pushgateway",
                "http://127.0.0.1:9091",
                "cutover.metrics.timeout",
                "2s"));

    assertThat(env.metrics().pushgateway()).contains(URI.create("http://127.0.0.1:9091"));
    assertThat(env.metrics().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RunMetricsPublisher.forEnvironment(env, ledger(), CLOCK, t -> t).configured())
        .isTrue();
  }
}
