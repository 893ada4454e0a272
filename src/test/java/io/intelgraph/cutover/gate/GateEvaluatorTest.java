package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How one check of the default gates fares when Prometheus is dead, silent or slow: every gate is
 * an ERROR that says which (never a pass), in the configured order, and the check's questions are
 * asked together, each once.
 */
class GateEvaluatorTest {

  private static final Environment PROD =
      io.intelgraph.cutover.config.TestEnvironments.prodExample(Map.of());
  private static final List<Gate> GATES = Gate.all(PROD, Scope.CANARY);
  private static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  private static final VerdictRules.Rules RULES = VerdictRules.Rules.from(PROD.cadence());

  @Test
  void aRefusedPrometheusIsAnErrorOnEveryGateNamingTheEndpointTheCauseAndTheFix()
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (GateEvaluator evaluator =
        new GateEvaluator(
            new PromQlClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30)))) {
      List<GateEvaluation> evaluations = evaluator.evaluateAll(GATES, AT, Baselines.none());

      assertThat(evaluations)
          .extracting(GateEvaluation::gate)
          .containsExactlyElementsOf(GATES.stream().map(Gate::name).toList());
      assertThat(evaluations)
          .allSatisfy(
              e -> {
                assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.ERROR);
                assertThat(e.value()).isEmpty();
                assertThat(e.detail())
                    .contains(
                        "Prometheus at http://127.0.0.1:%d/ is unreachable".formatted(port),
                        "connection refused (nothing listens on 127.0.0.1:%d); check that Prometheus is running there and that endpoints.prometheus points at it"
                            .formatted(port),
                        "(UNREACHABLE)");
              });
      assertThat(verdicts(evaluations)).doesNotContain(Verdict.GREEN);
    }
  }

  @Test
  void aSilentPrometheusIsAnErrorOnEveryGateAfterTheQueryTimeoutAndSaysSo() throws IOException {
    // accepts connections (the kernel's backlog) and never reads nor answers
    try (ServerSocket silent = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        GateEvaluator evaluator =
            new GateEvaluator(
                new PromQlClient(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofMillis(500)))) {
      List<GateEvaluation> evaluations = evaluator.evaluateAll(GATES, AT, Baselines.none());

      assertThat(evaluations)
          .extracting(GateEvaluation::gate)
          .containsExactlyElementsOf(GATES.stream().map(Gate::name).toList());
      assertThat(evaluations)
          .allSatisfy(
              e -> {
                assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.ERROR);
                assertThat(e.detail())
                    .contains(
                        "no answer from Prometheus at http://127.0.0.1:%d/ within 500ms (prometheus.query_timeout)"
                            .formatted(silent.getLocalPort()),
                        "it accepts connections but does not answer",
                        "(TIMEOUT)");
              });
      assertThat(verdicts(evaluations)).doesNotContain(Verdict.GREEN);
    }
  }

  @Test
  void theQuestionsOfACheckAreInFlightTogetherEachAskedOnce()
      throws IOException, InterruptedException {
    Set<String> distinct = new LinkedHashSet<>();
    GATES.forEach(
        g -> {
          distinct.add(g.query());
          g.trafficQuery().ifPresent(distinct::add);
          distinct.add(g.freshnessQuery());
          g.spec().alertRules().ifPresent(regex -> distinct.add("rules"));
        });
    // answers nothing until every distinct question has arrived: asked one after another, the
    // first would wait out its timeout and every gate would be an ERROR
    CountDownLatch allArrived = new CountDownLatch(distinct.size());
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/api/v1/",
        exchange -> {
          boolean rules = exchange.getRequestURI().getPath().endsWith("/rules");
          asked.add(
              rules
                  ? "rules"
                  : java.net.URLDecoder.decode(
                          new String(
                              exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                          StandardCharsets.UTF_8)
                      .replaceFirst("^query=", "")
                      .replaceFirst("&time=[0-9.]+$", ""));
          allArrived.countDown();
          try {
            allArrived.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body =
              (rules
                      ? "{\"status\":\"success\",\"data\":{\"groups\":[]}}"
                      : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[%d,\"1\"]}]}}"
                          .formatted(AT.getEpochSecond()))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try (GateEvaluator evaluator =
        new GateEvaluator(
            new PromQlClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(10)))) {
      List<GateEvaluation> evaluations = evaluator.evaluateAll(GATES, AT, Baselines.none());

      assertThat(evaluations)
          .extracting(GateEvaluation::gate)
          .containsExactlyElementsOf(GATES.stream().map(Gate::name).toList());
      assertThat(evaluations)
          .allSatisfy(e -> assertThat(e.outcome()).as(e.detail()).isNotEqualTo(Outcome.ERROR));
      assertThat(asked)
          .as("each distinct question once")
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(distinct);
    } finally {
      server.stop(0);
    }
  }

  private static List<Verdict> verdicts(List<GateEvaluation> evaluations) {
    return evaluations.stream()
        .map(e -> VerdictRules.decide(List.of(e), RULES, AT).verdict())
        .toList();
  }
}
