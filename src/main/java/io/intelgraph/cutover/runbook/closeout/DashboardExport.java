package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Closeout;
import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.LedgerFacts;
import io.intelgraph.cutover.evidence.RampMark;
import io.intelgraph.cutover.evidence.RangeSeries;
import io.intelgraph.cutover.evidence.SloChart;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.runbook.BakeSpan;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The closeout's "Dashboard exports: 72-hour performance data saved": every configured gate (over
 * all traffic) and the series the bake report judges (availability, p95 latency, 5xx ratio) as
 * range queries over the closeout window, saved into the closeout's evidence as CSV ({@code
 * dashboard-export-<name>.csv}: time, unix seconds, series, value) and as a chart ({@code
 * dashboard-export-<name>-chart.png}), with an index ({@code dashboard-export-index.json}) naming
 * each query, threshold, window, step and sample count. The day-3 record seals them.
 *
 * <p>Fails closed: a series with no sample over the window is a problem naming it, its query and
 * the window, and no file is written for it, so an empty export is never archived as "saved".
 *
 * <pre>{@code
 * assertThat(new BakeReport().dashboardExports().run(context)).passed();
 * }</pre>
 */
final class DashboardExport implements RunbookLine {

  /** The index's evidence name, a file name as it is; the day-3 record checks it was sealed. */
  static final String INDEX = "dashboard-export-index";

  private static final int WIDTH = 1280;
  private static final int HEIGHT = 600;

  /** One series to export: a gate or a bake-report series, its query and its threshold. */
  private record Export(String name, String source, String query, Threshold threshold) {}

  private final BakeSpan span;
  private final Function<Environment, BakeProbe> probes;
  private final Function<Environment, EvidenceWriter> evidence;

  DashboardExport(
      BakeSpan span,
      Function<Environment, BakeProbe> probes,
      Function<Environment, EvidenceWriter> evidence) {
    this.span = span;
    this.probes = probes;
    this.evidence = evidence;
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    Optional<BakeWindow> over = span.window(context, report);
    if (over.isEmpty()) return report.judged();
    BakeWindow window = over.get();
    Environment env = context.environment();
    BakeProbe probe = probes.apply(env);
    EvidenceWriter writer = evidence.apply(env);
    Duration step = probe.step(window);
    // only the steps inside the window: earlier ones would stretch the time axis beyond the data
    List<RampMark> ramp =
        LedgerFacts.ramp(context.ledger().read()).stream()
            .filter(mark -> !mark.at().isBefore(window.start()) && !mark.at().isAfter(window.end()))
            .toList();
    List<Map<String, Object>> index = new ArrayList<>();
    int samples = 0;
    for (Export export : exports(env, probe)) {
      String asked =
          "%s (%s) `%s` over %s, step %s"
              .formatted(export.name(), export.source(), export.query(), window, step);
      List<RangeSeries> series;
      try {
        QueryResult answer = probe.range(export.query(), window);
        series = RangeSeries.parse(export.name(), answer.rawJson());
      } catch (PromQlException | EvidenceException e) {
        report.problem("%s: %s", asked, e.getMessage());
        continue;
      }
      int points = series.stream().mapToInt(s -> s.points().size()).sum();
      if (points == 0) {
        report.problem(
            "%s: no data (%d series, no sample); nothing exported for it: check the series exist"
                + " in Prometheus over the window or fix the query",
            asked, series.size());
        continue;
      }
      samples += points;
      String csv =
          writer
              .attach("dashboard-export " + export.name(), "text/csv", RangeSeries.csv(series))
              .getFileName()
              .toString();
      String png =
          writer
              .attach(
                  "dashboard-export " + export.name() + " chart",
                  "image/png",
                  SloChart.png(
                      "%s - %s over the closeout window"
                          .formatted(env.release().tag(), export.name()),
                      List.of(panel(export, series)),
                      ramp,
                      WIDTH,
                      HEIGHT))
              .getFileName()
              .toString();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", export.name());
      entry.put("source", export.source());
      entry.put("query", export.query());
      entry.put("threshold", export.threshold().toString());
      entry.put("series", series.size());
      entry.put("samples", points);
      entry.put("csv", csv);
      entry.put("chart", png);
      index.add(entry);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("release", env.release().tag());
    document.put("window_start", window.start().toString());
    document.put("window_end", window.end().toString());
    document.put("configured_window", window.configured().toString());
    document.put("clipped_at_full_traffic", window.clipped());
    document.put("step", step.toString());
    document.put("exports", index);
    writer.attach(INDEX, "application/json", JsonMappers.PRETTY.writeValueAsString(document));
    return report
        .evidence(
            "dashboard exports",
            "%d series exported over %s (step %s), %d samples, into %s"
                .formatted(index.size(), window, step, samples, writer.directory()))
        .judged();
  }

  /**
   * What a 72 h dashboard shows: every gate as the gate checks ask it, over all traffic, and the
   * bake report's own series from {@code closeout.*}.
   */
  private static List<Export> exports(Environment env, BakeProbe probe) {
    List<Export> exports = new ArrayList<>();
    for (GateSpec spec : env.gates().values()) {
      Gate gate =
          Gate.resolve(spec, Scope.ALL, env.cadence().rateWindow(), env.prometheus().selectors());
      exports.add(new Export(spec.name(), "gates." + spec.name(), gate.query(), spec.threshold()));
    }
    Closeout closeout = env.closeout();
    exports.add(
        new Export(
            "closeout_availability",
            "closeout.good_requests / closeout.requests",
            probe.ratioSeries(closeout.goodRequests(), closeout.requests()),
            closeout.availability()));
    exports.add(
        new Export(
            "closeout_p95_latency",
            "closeout.latency_bucket",
            probe.p95Series(closeout.latencyBucket()),
            closeout.p95Latency()));
    exports.add(
        new Export(
            "closeout_error_ratio",
            "closeout.bad_requests / closeout.requests",
            probe.ratioSeries(closeout.badRequests(), closeout.requests()),
            // the bake report judges the budget spent; a dashboard draws the SLO's own ratio
            new Threshold(Comparison.AT_MOST, 1 - closeout.slo(), Unit.RATIO)));
    return exports;
  }

  /** Seconds drawn as ms and ratios as %, like the SLO chart; other units as they are. */
  private static SloChart.Panel panel(Export export, List<RangeSeries> series) {
    Threshold threshold = export.threshold();
    return switch (threshold.unit()) {
      case SECONDS ->
          new SloChart.Panel(
              export.name() + " (ms)",
              series,
              v -> v * 1000,
              threshold.limit() * 1000,
              "threshold " + threshold);
      case RATIO ->
          new SloChart.Panel(
              export.name() + " (%)",
              series,
              v -> v * 100,
              threshold.limit() * 100,
              "threshold " + threshold);
      default ->
          new SloChart.Panel(
              export.name()
                  + " ("
                  + threshold.unit().name().toLowerCase(java.util.Locale.ROOT)
                  + ")",
              series,
              v -> v,
              threshold.limit(),
              "threshold " + threshold);
    };
  }
}
