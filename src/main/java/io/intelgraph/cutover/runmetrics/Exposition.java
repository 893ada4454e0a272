package io.intelgraph.cutover.runmetrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes metric families as text in one of the two exposition formats Prometheus reads: the
 * OpenMetrics text format (<a
 * href="https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md">OpenMetrics
 * 1.0</a>: ends with {@code # EOF}) and Prometheus' own text format 0.0.4 (<a
 * href="https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format">exposition
 * formats</a>), which the Pushgateway accepts. Every family here is a gauge, the one type both
 * formats write the same way, so the two differ only in the terminator and the content type.
 *
 * <p>Escaping, as both specifications write it: in a label value a backslash, a double quote and a
 * line feed become {@code \\}, {@code \"} and {@code \n}; in a {@code # HELP} text a backslash and
 * a line feed do.
 *
 * <pre>{@code
 * String text = Exposition.OPENMETRICS.render(families, Map.of("release", "v1.42.0"));
 * }</pre>
 */
public enum Exposition {
  /** OpenMetrics 1.0 text, as sealed in the evidence. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8", "# EOF\n"),
  /** Prometheus text format 0.0.4, as pushed to a Pushgateway. */
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8", "");

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final String contentType;
  private final String terminator;

  Exposition(String contentType, String terminator) {
    this.contentType = contentType;
    this.terminator = terminator;
  }

  /** The HTTP {@code Content-Type} of this format. */
  public String contentType() {
    return contentType;
  }

  /**
   * One gauge family.
   *
   * @param name the metric name, unit as its suffix, e.g. {@code
   *     maestro_cutover_rollback_duration_seconds}
   * @param help one line for people (no double quote: OpenMetrics would read it as an escape)
   */
  public record Family(String name, String help, List<Sample> samples) {
    public Family {
      if (name == null || !METRIC_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "metric name '%s' is not [a-zA-Z_:][a-zA-Z0-9_:]*, e.g. maestro_cutover_rollbacks"
                .formatted(name));
      }
      if (help == null || help.contains("\"")) {
        throw new IllegalArgumentException(
            "help of %s must be text without double quotes, got: %s".formatted(name, help));
      }
      samples = List.copyOf(samples);
    }
  }

  /** One series of a family: its labels (in order) and its value. */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels.forEach(
          (label, text) -> {
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
              throw new IllegalArgumentException(
                  "label name '%s' is not [a-zA-Z_][a-zA-Z0-9_]* or starts with __, e.g. gate"
                      .formatted(label));
            }
            if (text == null) {
              throw new IllegalArgumentException("label %s has no value".formatted(label));
            }
          });
      labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /**
   * The families as text, {@code common} labels first on every sample (none: the Pushgateway adds
   * its grouping key itself and refuses pushed series that repeat it).
   */
  public String render(List<Family> families, Map<String, String> common) {
    StringBuilder text = new StringBuilder();
    for (Family family : families) {
      text.append("# HELP ")
          .append(family.name())
          .append(' ')
          .append(escapeHelp(family.help()))
          .append('\n');
      text.append("# TYPE ").append(family.name()).append(" gauge\n");
      for (Sample sample : family.samples()) {
        Map<String, String> labels = new LinkedHashMap<>(common);
        labels.putAll(sample.labels());
        text.append(family.name());
        if (!labels.isEmpty()) {
          text.append('{');
          boolean first = true;
          for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) text.append(',');
            first = false;
            text.append(label.getKey())
                .append("=\"")
                .append(escapeLabelValue(label.getValue()))
                .append('"');
          }
          text.append('}');
        }
        text.append(' ').append(number(sample.value())).append('\n');
      }
    }
    return text.append(terminator).toString();
  }

  /** A label value as both formats quote it: {@code \\}, {@code \"} and {@code \n} escaped. */
  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A value as both formats write numbers: whole numbers without a fraction, NaN, +Inf, -Inf. */
  static String number(double value) {
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
