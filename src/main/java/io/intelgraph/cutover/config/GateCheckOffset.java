package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When one gate check is due on the runbook's clock ({@code cadence.gate_checks_at}), and the
 * runbook time it stands for. Production writes the offset alone and the label follows from it; an
 * environment that compresses the clock (the sandbox) names the runbook time it stands in for, so a
 * check is labelled with the runbook's slot and its line states the real offset:
 *
 * <pre>{@code
 * GateCheckOffset.parse("15m");          // T+15, due 15 min after the clock's start
 * GateCheckOffset.parse("T+15 at 95s");  // T+15 of a compressed run, due 95 s after the start
 * }</pre>
 *
 * @param label the runbook's name of the check, e.g. {@code T+15}
 * @param at how long after the runbook clock's start ({@code cadence.clock_from}) it is due
 */
public record GateCheckOffset(String label, Duration at) {

  private static final Pattern LABELLED =
      Pattern.compile("\\s*(T\\+[0-9A-Za-z.]+)\\s+at\\s+(\\S+)\\s*", Pattern.CASE_INSENSITIVE);

  public GateCheckOffset {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(at, "at");
    if (at.isNegative() || at.isZero()) {
      throw new IllegalArgumentException(
          "a gate check is due after the clock's start, e.g. 15m; got " + at);
    }
  }

  /** Parses {@code 15m} (labelled {@code T+15}) or {@code T+15 at 95s} (a compressed clock). */
  public static GateCheckOffset parse(String text) {
    Matcher labelled = LABELLED.matcher(text);
    if (labelled.matches()) {
      return new GateCheckOffset(
          labelled.group(1).toUpperCase(Locale.ROOT),
          RecordBinder.parseDuration(labelled.group(2)));
    }
    Duration at = RecordBinder.parseDuration(text.trim());
    return new GateCheckOffset("T+" + minutes(at), at);
  }

  /** Whether the label is the offset itself, i.e. the clock is not compressed. */
  public boolean labelIsTheOffset() {
    return label.equals("T+" + minutes(at));
  }

  /** "15m" or "T+15 at 95s", as written. */
  @Override
  public String toString() {
    return labelIsTheOffset() ? human(at) : "%s at %s".formatted(label, human(at));
  }

  /** The runbook's minutes ({@code 15}) where whole, else the duration ({@code 1m30s}). */
  private static String minutes(Duration at) {
    return at.toSecondsPart() == 0 && at.toNanosPart() == 0
        ? Long.toString(at.toMinutes())
        : human(at);
  }

  /** A duration as configuration writes it: {@code 1h30m}, {@code 95s}, {@code 250ms}. */
  public static String human(Duration d) {
    if (d.toMillis() < 1000) return d.toMillis() + "ms";
    StringBuilder out = new StringBuilder();
    if (d.toHours() > 0) out.append(d.toHours()).append('h');
    if (d.toMinutesPart() > 0) out.append(d.toMinutesPart()).append('m');
    if (d.toSecondsPart() > 0 || d.toMillisPart() > 0) {
      out.append(d.toSecondsPart());
      if (d.toMillisPart() > 0) out.append('.').append("%03d".formatted(d.toMillisPart()));
      out.append('s');
    }
    return out.toString();
  }
}
