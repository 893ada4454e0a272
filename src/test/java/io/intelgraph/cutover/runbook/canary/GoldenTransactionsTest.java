package io.intelgraph.cutover.runbook.canary;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.golden.SamplingReport;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden transactions as one line: every failed journey is a problem, each table evidence. */
class GoldenTransactionsTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path dir;

  LineContext context() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        TestEnvironments.prodExample(Map.of()),
        null,
        new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock),
        clock);
  }

  static Supplier<SamplingReport> sampled(String golden, int runs, int errors, String... failures) {
    return () ->
        new SamplingReport(
            golden, runs, errors, List.of(failures), List.of(), Duration.ofSeconds(2));
  }

  @Test
  void everyJourneyPassingPassesWithEachTableAsEvidence() {
    LineReport report =
        new GoldenTransactions(List.of(sampled("OIDC Login", 5, 0), sampled("Entity Write", 5, 0)))
            .run(context());

    assertThat(report).passed();
    Assertions.assertThat(report.evidence())
        .extracting(LineReport.Evidence::name)
        .containsExactly("OIDC Login timings", "Entity Write timings");
    Assertions.assertThat(report.observedAt()).isEqualTo(NOW);
  }

  @Test
  void eachFailedJourneyIsAProblemWithItsRunsAndFirstFailure() {
    LineReport report =
        new GoldenTransactions(
                List.of(
                    sampled("OIDC Login", 5, 0),
                    sampled("Entity Write", 5, 2, "HTTP 500 from canary"),
                    sampled("3-hop Query", 0, 0)))
            .run(context());

    assertThat(report)
        .failedWith(
            "golden Entity Write failed: Entity Write: 5 runs, 2 errors",
            "first failure: HTTP 500 from canary",
            "golden 3-hop Query failed: 3-hop Query: 0 runs");
  }

  @Test
  void theSuiteIsBuiltOnceOnFirstUse() {
    AtomicInteger built = new AtomicInteger();
    Supplier<String> once = GoldenTransactions.once(() -> "suite " + built.incrementAndGet());

    Assertions.assertThat(List.of(once.get(), once.get())).containsExactly("suite 1", "suite 1");
  }
}
