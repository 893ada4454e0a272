package io.intelgraph.cutover.runbook.evidence;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.gate.ScriptedPrometheus;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T+120 SLO report on the runbook's window (T-0 to T-0 + {@code evidence.report_window},
 * clipped to now), judged by {@code slo.compliance_min}: the share of each series' steps within the
 * SLO. The production example's 15 s scrape makes the step 15 s, so 1485 s after T-0 is 100 steps.
 */
class SloComplianceReportTest {

  static final Duration HUNDRED_STEPS = Duration.ofSeconds(99 * 15);

  @TempDir Path dir;

  EvidenceWriter evidence() {
    return new EvidenceWriter(
        dir.resolve("evidence"), new Redactor(SecretRegistry.run()), (n, m, c, e) -> {});
  }

  LineContext context(ScriptedPrometheus prometheus, Instant t0, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("cutover.endpoints.prometheus", prometheus.url().toString());
    LineContext context = LineContexts.at(dir, null, properties);
    context.ledger().update(l -> l.withTraffic(new TrafficStep(20, "canary", t0)));
    return context;
  }

  /**
   * p95 0.2 s and 0.1 % 5xx on both tracks and all traffic, the all-traffic p95 0.5 s at {@code
   * slow}.
   */
  static BiFunction<String, Instant, Double> slos(Set<Instant> slow) {
    return (query, at) -> {
      if (query.contains("histogram_quantile")) {
        return !query.contains("track=") && slow.contains(at) ? 0.5 : 0.2;
      }
      return 0.001;
    };
  }

  static String evidenceText(LineReport report) {
    return report.evidence().stream()
        .filter(e -> e.name().equals("SLO compliance"))
        .findFirst()
        .orElseThrow()
        .text();
  }

  @Test
  void exactlyTheMinimumShareOfStepsWithinPassesAndTheLineStatesRuleWindowAndFigures() {
    Instant t0 = NOW.minus(HUNDRED_STEPS);
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(slos(Set.of(t0.plusSeconds(300))))) {
      LineReport report =
          new SloComplianceReport(evidence()).run(context(prometheus, t0, Map.of()));

      assertThat(report).passed();
      Assertions.assertThat(evidenceText(report))
          .contains(
              "rule: >= 99 % of steps within the SLO (slo.compliance_min), judged on all traffic;"
                  + " window: T-0 2026-12-07T09:05:15Z to 2026-12-07T09:30:00Z (T-0 + 24m45s,"
                  + " clipped to now; evidence.report_window is 2h), step PT15S",
              "all 99.00 % (99 of 100 steps <= 350 ms",
              "stable (shown, not judged) 100.00 % (100 of 100 steps <= 350 ms");
    }
  }

  @Test
  void belowTheMinimumFailsWithTheFigures() {
    Instant t0 = NOW.minus(HUNDRED_STEPS);
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(slos(Set.of(t0.plusSeconds(300), t0.plusSeconds(315))))) {
      LineReport report =
          new SloComplianceReport(evidence()).run(context(prometheus, t0, Map.of()));

      assertThat(report)
          .failedWith(
              "not compliant: rule: >= 99 % of steps within the SLO",
              "all 98.00 % (98 of 100 steps <= 350 ms (0 without a finite value, counted as"
                  + " not compliant)), needs >= 99 %");
    }
  }

  @Test
  void theRuleIsTheConfiguredOne() {
    Instant t0 = NOW.minus(HUNDRED_STEPS);
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(slos(Set.of(t0.plusSeconds(300), t0.plusSeconds(315))))) {
      LineReport report =
          new SloComplianceReport(evidence())
              .run(context(prometheus, t0, Map.of("cutover.slo.compliance_min", ">= 98%")));

      assertThat(report).passed();
    }
  }

  @Test
  void theTracksAreShownButAllTrafficIsJudgedAsTheRunbooksReport() {
    Instant t0 = NOW.minus(HUNDRED_STEPS);
    Instant lock = t0.plusSeconds(300);
    // the stable track is slow twice (all traffic is not) and serves nothing after the lock: its
    // 0 / 0 steps are NaN, which Prometheus' answer carries and the report leaves out
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(
            (query, at) -> {
              boolean stable = query.contains("track=\"stable\"");
              if (stable && at.isAfter(lock)) return Double.NaN;
              boolean slow = at.equals(t0.plusSeconds(15)) || at.equals(t0.plusSeconds(30));
              if (query.contains("histogram_quantile")) return stable && slow ? 0.5 : 0.2;
              return 0.001;
            })) {
      LineReport report =
          new SloComplianceReport(evidence()).run(context(prometheus, t0, Map.of()));

      assertThat(report).passed();
      Assertions.assertThat(evidenceText(report))
          .contains(
              "stable (shown, not judged) 90.48 % (19 of 21 steps <= 350 ms",
              "all 100.00 % (100 of 100 steps <= 350 ms");
    }
  }

  @Test
  void noDataIsNeverCompliant() {
    Instant t0 = NOW.minus(HUNDRED_STEPS);
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus((query, at) -> null)) {
      LineReport report =
          new SloComplianceReport(evidence()).run(context(prometheus, t0, Map.of()));

      assertThat(report)
          .failedWith("not compliant", "p95 <= 350 ms: [no series: no data is never compliant]");
    }
  }

  @Test
  void theWindowEndsAtTheReportWindowAfterT0NotAtNow() {
    Instant t0 = NOW.minus(Duration.ofHours(3));
    // every step after T+120 breaches: outside the runbook's window, so not judged
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(
            (query, at) ->
                query.contains("histogram_quantile") && at.isAfter(t0.plus(Duration.ofHours(2)))
                    ? 0.5
                    : query.contains("histogram_quantile") ? 0.2 : 0.001)) {
      LineReport report =
          new SloComplianceReport(evidence()).run(context(prometheus, t0, Map.of()));

      assertThat(report).passed();
      Assertions.assertThat(evidenceText(report))
          .contains("window: T-0 2026-12-07T06:30:00Z to 2026-12-07T08:30:00Z (T-0 + 2h), step");
    }
  }

  @Test
  void withoutT0InTheLedgerTheReportHasNoWindowAndSaysWhatToRun() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(slos(Set.of()))) {
      Map<String, String> properties =
          Map.of("cutover.endpoints.prometheus", prometheus.url().toString());

      assertThat(new SloComplianceReport(evidence()).run(LineContexts.at(dir, null, properties)))
          .failedWith(
              "has no T-0 in ledger",
              "(the canary phase's first traffic step)",
              "T-0 to T-0 + 2h",
              "run the canary phase of this attempt");
    }
  }
}
