package io.intelgraph.cutover.evidence;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the SLO chart of the evidence: p95 latency (ms) above, error ratio (%) below, on one time
 * axis (UTC); each threshold a dashed red line, each ramp step a labelled vertical line. Rendered
 * headless, so it works on any CI runner.
 *
 * <p>Each plot scales to its data, not to its threshold: a healthy 5 ms p95 under a 350 ms limit
 * would otherwise be a flat line on the floor. A threshold far above the data is named in the
 * plot's corner instead of stretching the axis. The canary is drawn last, thinner and in a
 * contrasting colour, so where it overlaps the stable track both stay visible.
 *
 * <pre>{@code
 * byte[] png = SloChart.png(SloData.parse(...), 1280, 900);
 * evidence.attach("SLO chart", "image/png", png);
 * }</pre>
 */
public final class SloChart {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final Color THRESHOLD = new Color(0xC6, 0x28, 0x28);
  private static final Color RAMP = new Color(0x45, 0x5A, 0x64);

  /** The same series (e.g. the canary) has the same colour in both plots. */
  private static final Color[] PALETTE = {
    new Color(0x15, 0x65, 0xC0),
    new Color(0xEF, 0x6C, 0x00),
    new Color(0x2E, 0x7D, 0x32),
    new Color(0x6A, 0x1B, 0x9A)
  };

  private static final Color STABLE = new Color(0x90, 0xCA, 0xF9);
  private static final Color CANARY = new Color(0xE6, 0x51, 0x00);

  /**
   * A threshold up to this many times the data's peak still fits on the axis; above it, it is only
   * named.
   */
  private static final double THRESHOLD_IN_VIEW = 3.0;

  private static final BasicStroke DASHED =
      new BasicStroke(
          1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private SloChart() {}

  /**
   * One plot of a chart: series in their base unit, shown as {@code scale} of them (seconds as ms),
   * with their threshold in the shown unit.
   *
   * @param axisLabel the value axis, with the shown unit in brackets: {@code p95 latency (ms)}
   */
  public record Panel(
      String axisLabel,
      List<RangeSeries> series,
      DoubleUnaryOperator scale,
      double limit,
      String limitLabel) {
    public Panel {
      series = List.copyOf(series);
    }
  }

  /**
   * Renders the chart as PNG.
   *
   * @throws IllegalArgumentException if the size is below 400 x 300 (the labels would overlap)
   */
  public static byte[] png(SloData data, int width, int height) {
    return render(chart(data), data.release(), width, height);
  }

  /**
   * Renders any measured series the way the SLO chart is drawn, e.g. one gate over the closeout
   * window: one plot per panel on one UTC time axis, each threshold dashed red, each ramp step a
   * vertical line.
   *
   * <pre>{@code
   * byte[] png = SloChart.png("v1.0.0-GA - api_p95 over the closeout window",
   *     List.of(new SloChart.Panel("api_p95 (ms)", series, v -> v * 1000, 350, "threshold <= 350 ms")),
   *     List.of(), 1280, 600);
   * }</pre>
   *
   * @throws IllegalArgumentException if the size is below 400 x 300 (the labels would overlap)
   */
  public static byte[] png(
      String title, List<Panel> panels, List<RampMark> ramp, int width, int height) {
    List<Instant> instants =
        Stream.concat(
                panels.stream()
                    .flatMap(panel -> panel.series().stream())
                    .flatMap(series -> series.points().stream())
                    .map(RangeSeries.Point::at),
                ramp.stream().map(RampMark::at))
            .toList();
    JFreeChart chart =
        chart(
            title,
            "dashed red: threshold",
            instants.stream().min(Comparator.naturalOrder()),
            instants.stream().max(Comparator.naturalOrder()),
            panels,
            ramp);
    return render(chart, title, width, height);
  }

  private static byte[] render(JFreeChart chart, String what, int width, int height) {
    if (width < 400 || height < 300) {
      throw new IllegalArgumentException(
          "SLO chart size %d x %d is too small to read; use at least 400 x 300, e.g. 1280 x 900"
              .formatted(width, height));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot render the chart of %s: %s".formatted(what, e.getMessage()), e);
    }
    return out.toByteArray();
  }

  static JFreeChart chart(SloData data) {
    double p95LimitMs = data.p95Threshold().toNanos() / 1e6;
    double errorLimitPercent = data.errorRatioThreshold() * 100;
    return chart(
        data.release() + " - SLOs during the cutover",
        "dashed red: threshold; grey verticals: canary weight from that time on",
        data.from(),
        data.to(),
        List.of(
            new Panel(
                "p95 latency (ms)",
                data.p95(),
                v -> v * 1000,
                p95LimitMs,
                "p95 threshold %s ms".formatted(trim(p95LimitMs))),
            new Panel(
                "error ratio (%)",
                data.errorRatio(),
                v -> v * 100,
                errorLimitPercent,
                "error threshold %s %%".formatted(trim(errorLimitPercent)))),
        data.ramp());
  }

  private static JFreeChart chart(
      String title,
      String subtitle,
      Optional<Instant> from,
      Optional<Instant> to,
      List<Panel> panels,
      List<RampMark> ramp) {
    DateAxis time = new DateAxis("time (UTC)");
    time.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat format = new SimpleDateFormat("HH:mm:ss");
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    time.setDateFormatOverride(format);
    from.ifPresent(
        start ->
            to.filter(end -> end.isAfter(start))
                .ifPresent(end -> time.setRange(start.toEpochMilli(), end.toEpochMilli())));

    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
    combined.setGap(14);
    for (int i = 0; i < panels.size(); i++) {
      Panel panel = panels.get(i);
      // the ramp steps are labelled once, on the top plot
      combined.add(
          plot(
              panel.axisLabel(),
              panel.series(),
              panel.scale(),
              panel.limit(),
              panel.limitLabel(),
              ramp,
              i == 0),
          1);
    }

    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 18), combined, true);
    chart.addSubtitle(new TextTitle(subtitle));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYPlot plot(
      String axisLabel,
      List<RangeSeries> series,
      DoubleUnaryOperator scale,
      double limit,
      String limitLabel,
      List<RampMark> ramp,
      boolean labelRamp) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    double peak = 0;
    // the canary last, so it is drawn over the stable track
    List<RangeSeries> ordered =
        series.stream().sorted(Comparator.comparing(SloChart::isCanary)).toList();
    for (RangeSeries s : ordered) {
      XYSeries line =
          new XYSeries(axisLabel.replaceFirst(" \\(.*", "") + " " + s.name(), false, false);
      for (RangeSeries.Point point : s.points()) {
        double value = scale.applyAsDouble(point.value());
        line.add(point.at().toEpochMilli(), value);
        peak = Math.max(peak, value);
      }
      dataset.addSeries(line);
    }
    NumberAxis axis = new NumberAxis(axisLabel);
    axis.setRange(0, upperBound(peak, limit));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      RangeSeries s = ordered.get(i);
      boolean canary = isCanary(s);
      boolean stable = !canary && s.name().contains("stable");
      renderer.setSeriesStroke(i, new BasicStroke(canary ? 1.6f : stable ? 4f : 2f));
      renderer.setSeriesPaint(i, canary ? CANARY : stable ? STABLE : PALETTE[i % PALETTE.length]);
    }
    XYPlot plot = new XYPlot(dataset, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (series.stream().allMatch(s -> s.points().isEmpty())) {
      plot.setNoDataMessage("NO DATA: Prometheus returned no samples for this query");
    }
    if (limit > axis.getUpperBound()) {
      String unit = axisLabel.replaceFirst(".*\\((.*)\\)$", "$1");
      TextTitle offScale =
          new TextTitle(
              "%s: above this scale (the data peaks at %s %s)"
                  .formatted(limitLabel, trim(round(peak)), unit),
              new Font("SansSerif", Font.BOLD, 12));
      offScale.setPaint(THRESHOLD);
      plot.addAnnotation(new XYTitleAnnotation(0.01, 0.98, offScale, RectangleAnchor.TOP_LEFT));
    }

    ValueMarker threshold = new ValueMarker(limit, THRESHOLD, DASHED);
    threshold.setLabel(limitLabel);
    threshold.setLabelPaint(THRESHOLD);
    threshold.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    threshold.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(threshold);

    for (RampMark mark : ramp) {
      ValueMarker step = new ValueMarker(millis(mark.at()), RAMP, new BasicStroke(1.2f));
      if (labelRamp) {
        step.setLabel(mark.label());
        step.setLabelFont(new Font("SansSerif", Font.BOLD, 12));
        step.setLabelPaint(RAMP);
        step.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        step.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      }
      plot.addDomainMarker(step);
    }
    return plot;
  }

  /**
   * The top of a plot's axis: the data's peak with headroom, reaching up to the threshold only when
   * the threshold is near the data; with no data (or all zero), the threshold itself.
   */
  static double upperBound(double peak, double limit) {
    if (peak <= 0) return limit > 0 ? limit * 1.15 : 1;
    if (limit > 0 && limit <= peak * THRESHOLD_IN_VIEW) return Math.max(peak, limit) * 1.15;
    return peak * 1.25;
  }

  private static boolean isCanary(RangeSeries series) {
    return series.name().contains("canary");
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static double millis(Instant at) {
    return at.toEpochMilli();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
