package io.intelgraph.cutover.runbook.canary;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.golden.GoldenResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.gates.GateLineReport;
import io.intelgraph.cutover.runbook.gates.GateLineReport.Signal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security goldens as a line: run at the canary's share read from the ingress; a regression is
 * RED, a check that could not judge (or an unreadable ingress) inconclusive, never a pass.
 */
@EnableKubernetesMockClient(crud = true)
class SecurityGoldensTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  KubernetesClient client;
  @TempDir Path dir;
  final List<Integer> ranAt = new ArrayList<>();

  LineContext context() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        new MockCluster(client).environment(Map.of()),
        client,
        new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock),
        clock);
  }

  SecurityGoldens goldens(GoldenResult... results) {
    return new SecurityGoldens(
        canary -> {
          ranAt.add(canary);
          return List.of(results);
        });
  }

  @Test
  void everyForgeryRejectedPassesAtTheCanarysShare() {
    new MockCluster(client).seed(40);

    GateLineReport line =
        goldens(
                GoldenResult.passed("no token rejected", NOW, Map.of()),
                GoldenResult.passed("tenant B cannot read tenant A", NOW, Map.of()))
            .run(context());

    assertThat(line.line()).passed();
    Assertions.assertThat(line.signal()).isEqualTo(Signal.NONE);
    Assertions.assertThat(ranAt).containsExactly(40);
    Assertions.assertThat(line.line().evidence().get(0).text())
        .contains(
            "### Security goldens at 40 % canary", "| tenant B cannot read tenant A | PASSED |");
  }

  @Test
  void aForgedTokenAcceptedIsRedAtOnce() {
    new MockCluster(client).seed(20);

    GateLineReport line =
        goldens(
                GoldenResult.passed("no token rejected", NOW, Map.of()),
                GoldenResult.failed("alg none rejected", NOW, Map.of(), "HTTP 200 from canary"))
            .run(context());

    Assertions.assertThat(line.signal()).isEqualTo(Signal.RED);
    assertThat(line.line())
        .failedWith(
            "security regression with the canary at 20 %: critical, RED at once",
            "alg none rejected");
  }

  @Test
  void aCheckThatCouldNotJudgeIsInconclusiveNotARegression() {
    new MockCluster(client).seed(20);

    GateLineReport line =
        goldens(
                GoldenResult.passed("no token rejected", NOW, Map.of()),
                GoldenResult.error("expired token rejected", NOW, Map.of(), "timed out after 5 s"))
            .run(context());

    Assertions.assertThat(line.signal()).isEqualTo(Signal.INCONCLUSIVE);
    assertThat(line.line())
        .failedWith(
            "could not judge with the canary at 20 % (not a regression: nothing rolled back)",
            "timed out");
  }

  @Test
  void anUnreadableIngressIsInconclusiveAndNoGoldenRuns() {
    GateLineReport line =
        goldens(GoldenResult.passed("no token rejected", NOW, Map.of())).run(context());

    Assertions.assertThat(line.signal()).isEqualTo(Signal.INCONCLUSIVE);
    assertThat(line.line())
        .failedWith(
            "security goldens not run: the canary's share cannot be read from ingress"
                + " intelgraph-maestro/intelgraph-maestro-ingress",
            "nothing rolled back");
    Assertions.assertThat(ranAt).isEmpty();
  }
}
