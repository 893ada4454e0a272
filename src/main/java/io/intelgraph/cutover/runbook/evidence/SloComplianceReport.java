package io.intelgraph.cutover.runbook.evidence;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateCheckOffset;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.LedgerFacts;
import io.intelgraph.cutover.evidence.RangeSeries;
import io.intelgraph.cutover.evidence.SloChart;
import io.intelgraph.cutover.evidence.SloData;
import io.intelgraph.cutover.evidence.SloReport;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.runbook.gates.GateSchedule;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * T+120 "SLO Compliance Report": the API p95 and the 5xx ratio of all traffic and of each track
 * over the runbook's window, T-0 (the canary's first traffic) to T-0 + {@code
 * evidence.report_window} (T+120), clipped to now, from Prometheus range queries, against the
 * gates' thresholds ({@code gates.api_p95}, {@code gates.error_ratio_5xx}) with the ramp steps
 * marked. Every answer, the report ({@code slo_report.json}) and the chart go into the evidence. It
 * is judged by the SLO reports' compliance rule ({@code slo.compliance_min}, shared with the
 * closeout's p95 compliance): the all-traffic series needs that share of its steps within the
 * threshold (a track without traffic, as the stable one after the lock, has no value in a step; the
 * tracks' figures are shown, not judged); the line states the rule, the window and the figures, and
 * no data fails. The gate checks decide the release; this report documents it.
 *
 * <pre>{@code
 * assertThat(new SloComplianceReport(evidence).run(context)).passed();
 * }</pre>
 */
public final class SloComplianceReport implements RunbookLine {

  /** Prometheus refuses more than 11,000 points per series; this keeps the chart readable. */
  static final int MAX_POINTS = 600;

  private final EvidenceWriter evidence;

  public SloComplianceReport(EvidenceWriter evidence) {
    this.evidence = evidence;
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    GateSpec p95 = gate(env, "api_p95", Unit.SECONDS, report);
    GateSpec errors = gate(env, "error_ratio_5xx", Unit.RATIO, report);
    if (p95 == null || errors == null) return report.judged();
    Ledger ledger = context.ledger().read();
    Optional<Instant> t0 = GateSchedule.t0(ledger);
    if (t0.isEmpty()) {
      return report
          .problem(
              "attempt %s has no T-0 in ledger %s (the canary phase's first traffic step), so the"
                  + " report's window (T-0 to T-0 + %s) has no start; run the canary phase of"
                  + " this attempt",
              ledger.attemptId(),
              context.ledger().location(),
              GateCheckOffset.human(env.evidence().reportWindow()))
          .judged();
    }
    Instant start = t0.get();
    Instant configuredEnd = start.plus(env.evidence().reportWindow());
    Instant end = context.now().isBefore(configuredEnd) ? context.now() : configuredEnd;
    if (!end.isAfter(start)) {
      return report
          .problem(
              "the report's window starts at T-0 %s, which is not before now (%s); check the"
                  + " clock of this runner",
              start, end)
          .judged();
    }
    String window =
        "T-0 %s to %s (T-0 + %s%s)"
            .formatted(
                start,
                end,
                GateCheckOffset.human(Duration.between(start, end)),
                end.equals(configuredEnd)
                    ? ""
                    : ", clipped to now; evidence.report_window is "
                        + GateCheckOffset.human(env.evidence().reportWindow()));
    Duration step = step(env.cadence().scrapeInterval(), start, end);
    PromQlClient prometheus = PromQlClient.forEnvironment(env);
    List<RangeSeries> p95Series = new ArrayList<>();
    List<RangeSeries> errorSeries = new ArrayList<>();
    try {
      // all traffic is what the runbook's report measures and what is judged; the tracks document
      // where it came from
      for (Scope scope : List.of(Scope.STABLE, Scope.CANARY, Scope.ALL)) {
        p95Series.addAll(range(env, prometheus, p95, scope, start, end, step));
        errorSeries.addAll(range(env, prometheus, errors, scope, start, end, step));
      }
    } catch (PromQlException e) {
      return report.problem("SLOs over %s (step %s): %s", window, step, e.getMessage()).judged();
    }
    SloData data =
        new SloData(
            env.release().tag(),
            p95Series,
            errorSeries,
            Duration.ofNanos(Math.round(p95.threshold().limit() * 1e9)),
            errors.threshold().limit(),
            LedgerFacts.ramp(ledger));
    Threshold rule = env.slo().complianceMin();
    SloReport.Report slos = SloReport.of(data, rule);
    evidence.attach("slo_report", "application/json", SloReport.json(data, rule));
    evidence.attach("SLO chart", "image/png", SloChart.png(data, 1280, 900));
    String figures =
        ("rule: %s (slo.compliance_min), judged on all traffic; window: %s, step %s; p95 <= %s:"
                    + " %s; 5xx ratio <= %s: %s;")
                .formatted(
                    slos.rule(),
                    window,
                    step,
                    p95.threshold().unit().format(p95.threshold().limit()),
                    describe(slos.p95Latency()),
                    errors.threshold().unit().format(errors.threshold().limit()),
                    describe(slos.errorRatio()))
            + " see slo_report.json";
    return report
        .evidence("SLO compliance", figures)
        .problemIf(!slos.compliant(), "not compliant: %s", figures)
        .judged();
  }

  /** The gate the report reads, in the unit it charts, or a problem naming what is wrong. */
  private static GateSpec gate(Environment env, String name, Unit unit, LineReport.Builder report) {
    GateSpec spec = env.gates().get(name);
    if (spec == null) {
      report.problem("%s; the SLO report charts it against its threshold", env.whyNoGate(name));
      return null;
    }
    if (spec.threshold().unit() != unit) {
      report.problem(
          "gate %s's threshold is in %s; the SLO report needs %s (gates.%s.threshold)",
          name, spec.threshold().unit(), unit, name);
      return null;
    }
    return spec;
  }

  private List<RangeSeries> range(
      Environment env,
      PromQlClient prometheus,
      GateSpec spec,
      Scope scope,
      Instant start,
      Instant end,
      Duration step) {
    Gate gate = Gate.resolve(spec, scope, env.cadence().rateWindow(), env.prometheus().selectors());
    QueryResult answer = prometheus.queryRange(gate.query(), start, end, step);
    String track = scope.name().toLowerCase(Locale.ROOT);
    evidence.attach(
        "%s %s range".formatted(spec.name(), track),
        "application/json",
        "{\"query\": %s, \"start\": \"%s\", \"end\": \"%s\", \"step\": \"%s\", \"answer\": %s}"
            .formatted(
                JsonMappers.JSON.writeValueAsString(gate.query()),
                start,
                end,
                step,
                answer.rawJson()));
    return RangeSeries.parse(spec.name() + " " + track, answer.rawJson()).stream()
        .map(
            series -> {
              Map<String, String> labels = new LinkedHashMap<>(series.labels());
              labels.putIfAbsent("track", track);
              return new RangeSeries(labels, series.points());
            })
        .toList();
  }

  /** At least the scrape interval, at most {@link #MAX_POINTS} points over the window. */
  static Duration step(Duration scrapeInterval, Instant start, Instant end) {
    Duration byPoints = Duration.between(start, end).dividedBy(MAX_POINTS);
    Duration step = byPoints.compareTo(scrapeInterval) > 0 ? byPoints : scrapeInterval;
    return Duration.ofSeconds(Math.max(1, (step.toMillis() + 999) / 1000));
  }

  private static String describe(SloReport.Slo slo) {
    if (slo.series().isEmpty()) return "[no series: no data is never compliant]";
    List<SloReport.Series> judged = slo.judged();
    return slo.series().stream()
        .map(
            s ->
                "%s%s %s (max %s %s)"
                    .formatted(
                        s.labels().getOrDefault("track", "all"),
                        judged.contains(s) ? "" : " (shown, not judged)",
                        s.compliance(),
                        s.max().map(v -> String.format(Locale.ROOT, "%.4g", v)).orElse("none"),
                        slo.unit()))
        .collect(Collectors.joining("; ", "[", "]"));
  }
}
