package io.intelgraph.cutover.gate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes deterministic metrics for the gate scenarios as an OpenMetrics file for {@code promtool
 * tsdb create-blocks-from openmetrics}: the metric names the default gates query, for a stable and
 * a canary track, one sample per scrape interval.
 *
 * <p>The canary follows a timeline of {@link Phase phases}; the stable track and Kafka stay
 * healthy. Counters are cumulative per series; each family's samples are written together and in
 * time order, since the backfill drops out-of-order samples silently.
 */
public final class ScenarioData {

  /** What the canary does during a phase. */
  public enum Phase {
    HEALTHY(10, 0.002, 0.001),
    SPIKE_5XX(10, 0.20, 0.001),
    SUSTAINED_5XX(10, 0.05, 0.001),
    /** The regression a wrong status label hides: 3 % 5xx, three times the 1 % gate. */
    SUSTAINED_3PCT_5XX(10, 0.03, 0.001),
    AUTH_REGRESSION(10, 0.002, 0.10),
    /** Series still exported, counters flat: every ratio is 0/0 = NaN. */
    NO_TRAFFIC(0, 0, 0),
    /** The canary's series are no longer exported at all. */
    GONE(0, 0, 0);

    final double rps;
    final double ratio5xx;
    final double ratio401;

    Phase(double rps, double ratio5xx, double ratio401) {
      this.rps = rps;
      this.ratio5xx = ratio5xx;
      this.ratio401 = ratio401;
    }
  }

  /** A phase and when it begins, as an offset from the start. */
  public record Segment(Duration from, Phase phase) {}

  static final double[] LATENCY_LE = {0.05, 0.1, 0.2, 0.3, 0.35, 0.5, 0.7, 1.0, 1.2, 2.0};

  /** Cumulative shares per bucket: p95 about 255 ms, p99 300 ms. */
  static final double[] LATENCY_CUMULATIVE = {0.30, 0.60, 0.90, 0.99, 0.995, 1, 1, 1, 1, 1};

  static final double[] GRAPH_LE = {0.1, 0.3, 0.6, 1.2, 2.4};

  /** 3-hop query: p95 about 580 ms. */
  static final double[] GRAPH_CUMULATIVE = {0.20, 0.70, 0.97, 1, 1};

  private final Instant start;
  private final Duration length;
  private final Duration scrape;
  private final List<Segment> canary;
  private final String statusLabel;
  private final boolean blackboxProbes;

  /**
   * Data whose request counter labels its status {@code status}, as the run of show's queries do.
   */
  public ScenarioData(Instant start, Duration length, Duration scrape, List<Segment> canary) {
    this(start, length, scrape, canary, "status", true);
  }

  private ScenarioData(
      Instant start,
      Duration length,
      Duration scrape,
      List<Segment> canary,
      String statusLabel,
      boolean blackboxProbes) {
    if (canary.isEmpty() || !canary.get(0).from().isZero())
      throw new IllegalArgumentException("the canary timeline must start at offset 0");
    this.start = start;
    this.length = length;
    this.scrape = scrape;
    this.canary = List.copyOf(canary);
    this.statusLabel = statusLabel;
    this.blackboxProbes = blackboxProbes;
  }

  /**
   * The same data with the request counter's status under another label name, e.g. {@code
   * status_code}.
   */
  public ScenarioData withStatusLabel(String label) {
    return new ScenarioData(start, length, scrape, canary, label, blackboxProbes);
  }

  /**
   * The same data without the blackbox exporter's {@code probe_success} series (the databases'
   * probes): an environment that monitors its databases otherwise.
   */
  public ScenarioData withoutBlackboxProbes() {
    return new ScenarioData(start, length, scrape, canary, statusLabel, false);
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return start.plus(length);
  }

  Phase canaryAt(long offsetSeconds) {
    Phase phase = canary.get(0).phase();
    for (Segment s : canary) {
      if (s.from().getSeconds() <= offsetSeconds) phase = s.phase();
    }
    return phase;
  }

  private Phase phase(String track, long offset) {
    return "canary".equals(track) ? canaryAt(offset) : Phase.HEALTHY;
  }

  private long steps() {
    return length.getSeconds() / scrape.getSeconds();
  }

  /** Writes the OpenMetrics text, ending with {@code # EOF}. */
  public void write(Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long dt = scrape.getSeconds();
      out.write("# TYPE http_requests counter\n");
      for (String track : List.of("stable", "canary")) {
        for (String status : List.of("200", "401", "500")) {
          double total = 0;
          for (long i = 0; i <= steps(); i++) {
            Phase p = phase(track, i * dt);
            if (p == Phase.GONE) continue;
            double rps = rps(track, p);
            double share =
                switch (status) {
                  case "500" -> p.ratio5xx;
                  case "401" -> p.ratio401;
                  default -> 1 - p.ratio5xx - p.ratio401;
                };
            total += rps * share * dt;
            line(
                out,
                "http_requests_total",
                "track=\"%s\",%s=\"%s\"".formatted(track, statusLabel, status),
                total,
                i);
          }
        }
      }
      histogram(
          out, "http_request_duration_seconds", "", LATENCY_LE, LATENCY_CUMULATIVE, 1.0, 0.15);
      histogram(
          out, "graph_query_duration_seconds", "hops=\"3\",", GRAPH_LE, GRAPH_CUMULATIVE, 0.1, 0.4);

      out.write("# TYPE kafka_consumer_lag_sum gauge\n");
      for (long i = 0; i <= steps(); i++)
        line(out, "kafka_consumer_lag_sum", "group=\"ingest\"", 120 + (i % 4), i);
      out.write("# TYPE kafka_topic_partition_current_offset gauge\n");
      for (long i = 0; i <= steps(); i++)
        line(
            out,
            "kafka_topic_partition_current_offset",
            "topic=\"orders\"",
            1_000_000 + 50.0 * i * dt,
            i);
      for (long i = 0; i <= steps(); i++)
        line(out, "kafka_topic_partition_current_offset", "topic=\"dlq-orders\"", 17, i);
      // the availability gates: every scrape target of a track up while the track exists, both
      // databases probed fine
      out.write("# TYPE up gauge\n");
      for (String track : List.of("stable", "canary")) {
        for (long i = 0; i <= steps(); i++) {
          if (phase(track, i * dt) == Phase.GONE) continue;
          line(out, "up", "job=\"intelgraph-api\",track=\"%s\"".formatted(track), 1, i);
        }
      }
      if (blackboxProbes) out.write("# TYPE probe_success gauge\n");
      for (String database : blackboxProbes ? List.of("neo4j", "postgres") : List.<String>of()) {
        for (long i = 0; i <= steps(); i++)
          line(
              out,
              "probe_success",
              "job=\"blackbox-databases\",database=\"%s\"".formatted(database),
              1,
              i);
      }
      out.write("# EOF\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double rps(String track, Phase p) {
    return "stable".equals(track) ? 40 : p.rps;
  }

  private void histogram(
      BufferedWriter out,
      String family,
      String extra,
      double[] le,
      double[] cumulative,
      double rateFactor,
      double meanSeconds)
      throws IOException {
    long dt = scrape.getSeconds();
    out.write("# TYPE " + family + " histogram\n");
    for (String track : List.of("stable", "canary")) {
      double count = 0;
      for (long i = 0; i <= steps(); i++) {
        Phase p = phase(track, i * dt);
        if (p == Phase.GONE) continue;
        count += rps(track, p) * rateFactor * dt;
        String labels = extra + "track=\"" + track + "\"";
        for (int b = 0; b < le.length; b++) {
          line(out, family + "_bucket", labels + ",le=\"" + le[b] + "\"", count * cumulative[b], i);
        }
        line(out, family + "_bucket", labels + ",le=\"+Inf\"", count, i);
        line(out, family + "_count", labels, count, i);
        line(out, family + "_sum", labels, count * meanSeconds, i);
      }
    }
  }

  private void line(BufferedWriter out, String name, String labels, double value, long step)
      throws IOException {
    long seconds = start.getEpochSecond() + step * scrape.getSeconds();
    out.write(name);
    out.write('{');
    out.write(labels);
    out.write("} ");
    out.write(String.format(Locale.ROOT, "%.6f", value));
    out.write(' ');
    out.write(Long.toString(seconds));
    out.write('\n');
  }
}
