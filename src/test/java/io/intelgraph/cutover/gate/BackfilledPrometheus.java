package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.sandbox.prometheus.BurnRateRules;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import io.intelgraph.cutover.sandbox.prometheus.WebSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Prometheus started on known history: the scenario data is written as OpenMetrics and
 * backfilled with promtool by the sandbox's {@link PrometheusServer} before it starts, so gates can
 * be evaluated at chosen past instants with deterministic answers.
 */
public final class BackfilledPrometheus implements AutoCloseable {

  private final PrometheusServer server;

  private BackfilledPrometheus(PrometheusServer server) {
    this.server = server;
  }

  /**
   * Writes the data, backfills it into a fresh TSDB and starts Prometheus on it; returns once
   * ready.
   */
  public static BackfilledPrometheus start(ScenarioData data) {
    return start(data, PrometheusServer.builder());
  }

  /**
   * As {@link #start(ScenarioData)}, served over TLS with basic auth ({@code --web.config.file}) as
   * {@code web} says.
   */
  public static BackfilledPrometheus secured(ScenarioData data, WebSecurity web) {
    return start(data, PrometheusServer.builder().secured(web));
  }

  private static BackfilledPrometheus start(ScenarioData data, PrometheusServer.Builder builder) {
    Path metrics = null;
    try {
      metrics = Files.createTempFile("cutover-scenario-", ".om");
      data.write(metrics);
      // the burn-rate rules loaded, as in the sandbox, so the alerts gate can judge the history
      return new BackfilledPrometheus(
          builder.backfill(metrics).rules("burn-rate.yml", BurnRateRules.SANDBOX.render()).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (metrics != null) metrics.toFile().delete();
    }
  }

  public URI url() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.close();
  }
}
