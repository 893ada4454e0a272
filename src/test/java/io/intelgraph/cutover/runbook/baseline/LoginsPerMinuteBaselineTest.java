package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginsPerMinuteBaselineTest {

  @TempDir Path dir;

  final List<String> asked = new ArrayList<>();

  private LoginsPerMinuteBaseline answering(Optional<Sample> sample) {
    return new LoginsPerMinuteBaseline(
        (env, promql, at) -> {
          asked.add(promql + " @ " + at);
          return sample;
        });
  }

  @Test
  void authenticatedTrafficIsRecordedPerMinuteAtTheContextsTime() {
    LineContext context = LineContexts.at(dir, Map.of());
    String query = LoginsPerMinuteBaseline.query(context.environment());

    assertThat(answering(Optional.of(new Sample(LineContexts.NOW, 420.0))).run(context)).passed();
    assertThat(asked).containsExactly(query + " @ " + LineContexts.NOW);
    assertThat(query)
        .startsWith("sum(rate(" + context.environment().kpi().authenticatedRequests() + "[")
        .endsWith("s])) * 60");
    assertThat(context.ledger().read().baselines().get(LoginsPerMinuteBaseline.NAME))
        .satisfies(
            b -> {
              assertThat(b.value()).isEqualTo(420.0);
              assertThat(b.unit()).isEqualTo("/min");
              assertThat(b.at()).isEqualTo(LineContexts.NOW);
            });
  }

  @Test
  void noSeriesIsNeverABaseline() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(answering(Optional.empty()).run(context))
        .failedWith(
            "no authenticated_requests_per_minute baseline at " + LineContexts.NOW,
            "Prometheus answered no series",
            "kpi.authenticated_requests");
    assertThat(context.ledger().read().baselines()).isEmpty();
  }

  @Test
  void aNonFiniteAnswerIsNeverABaseline() {
    assertThat(
            answering(Optional.of(new Sample(Instant.EPOCH, Double.NaN)))
                .run(LineContexts.at(dir, Map.of())))
        .failedWith("Prometheus answered NaN");
  }

  @Test
  void noAuthenticatedTrafficIsNothingToCompareWith() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(answering(Optional.of(new Sample(LineContexts.NOW, 0.0))).run(context))
        .failedWith("is 0.0/min", "no authenticated traffic");
    assertThat(context.ledger().read().baselines()).isEmpty();
  }

  @Test
  void aPrometheusThatCannotBeAskedFailsNamingIt() {
    assertThat(
            new LoginsPerMinuteBaseline(
                    (env, promql, at) -> {
                      throw new IllegalStateException("connection refused");
                    })
                .run(LineContexts.at(dir, Map.of())))
        .failedWith("from Prometheus at", "connection refused");
  }
}
