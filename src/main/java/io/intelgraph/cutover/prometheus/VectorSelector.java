package io.intelgraph.cutover.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A vector selector of a PromQL expression, {@code metric{label op "value", ...}}, as written: what
 * series a query reads and which labels it matches on
 * (https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors).
 *
 * <pre>{@code
 * List<VectorSelector> read = VectorSelector.in("sum(rate(http_requests_total{status=~\"5..\"}[5m])) or vector(0)");
 * read.get(0).metric();   // Optional[http_requests_total]
 * read.get(0).matchers(); // [status =~ "5.."]
 * }</pre>
 *
 * <p>Design note: this finds selectors, it does not evaluate PromQL. It skips string literals,
 * range and subquery brackets ({@code [5m]}, {@code [1h:1m]}), numbers and durations, the label
 * lists of {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_left}/{@code
 * group_right}, and every name followed by {@code (} (a function or an aggregation); what is left
 * of the names, and every {@code {...}}, is a selector. A query it cannot read (an unclosed brace
 * or string) is an {@link IllegalArgumentException} naming the query, never an empty list.
 */
public record VectorSelector(Optional<String> metric, List<Matcher> matchers) {

  /** {@code label op "value"}, op one of {@code =}, {@code !=}, {@code =~}, {@code !~}. */
  public record Matcher(String label, String op, String value) {
    public Matcher {
      Objects.requireNonNull(label);
      if (!Set.of("=", "!=", "=~", "!~").contains(op))
        throw new IllegalArgumentException("not a label matcher operator: " + op);
      Objects.requireNonNull(value);
    }

    /** {@code label=""} selects series WITHOUT the label: it needs no series to carry it. */
    public boolean matchesAbsence() {
      return op.equals("=") && value.isEmpty();
    }

    @Override
    public String toString() {
      return label + op + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
  }

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
  private static final Set<String> LABEL_LISTS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  public VectorSelector {
    Objects.requireNonNull(metric);
    matchers = List.copyOf(matchers);
  }

  /** The metric's name, from the name before the braces or a {@code __name__="..."} matcher. */
  public Optional<String> metricName() {
    if (metric.isPresent()) return metric;
    return matchers.stream()
        .filter(m -> m.label().equals("__name__") && m.op().equals("="))
        .map(Matcher::value)
        .findFirst();
  }

  /** The labels it matches on, other than the metric name, in order. */
  public List<String> labels() {
    return matchers.stream()
        .map(Matcher::label)
        .filter(l -> !l.equals("__name__"))
        .distinct()
        .toList();
  }

  /**
   * The labels its series must carry for it to mean what it says: every label it matches on but the
   * metric name and a {@code label=""} (which selects the label's absence). A negative matcher
   * counts: {@code status!~"5.."} on series without {@code status} selects them all.
   */
  public List<String> requiredLabels() {
    return matchers.stream()
        .filter(m -> !m.matchesAbsence() && !m.label().equals("__name__"))
        .map(Matcher::label)
        .distinct()
        .toList();
  }

  /**
   * As PromQL: {@code http_requests_total{status=~"5.."}}, usable as a {@code match[]} argument.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(metric.orElse(""));
    if (!matchers.isEmpty() || metric.isEmpty()) {
      text.append('{')
          .append(String.join(",", matchers.stream().map(Matcher::toString).toList()))
          .append('}');
    }
    return text.toString();
  }

  /** Every vector selector in {@code promql}, in order of appearance (duplicates kept). */
  public static List<VectorSelector> in(String promql) {
    return new Scanner(promql).selectors();
  }

  /** A one-pass scanner over the expression's text. */
  private static final class Scanner {
    private final String text;
    private int at;

    Scanner(String text) {
      this.text = Objects.requireNonNull(text);
    }

    List<VectorSelector> selectors() {
      List<VectorSelector> found = new ArrayList<>();
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '"' || c == '\'' || c == '`') {
          string();
        } else if (c == '[') {
          skipPast(']');
        } else if (c == '{') {
          found.add(new VectorSelector(Optional.empty(), matchers()));
        } else if (c == '#') {
          skipPast('\n');
        } else if (Character.isDigit(c)
            || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
          while (at < text.length()
              && (Character.isLetterOrDigit(text.charAt(at))
                  || text.charAt(at) == '.'
                  || text.charAt(at) == '_')) at++;
        } else if (isNameStart(c)) {
          String name = name();
          int after = skipSpace(at);
          String lower = name.toLowerCase(java.util.Locale.ROOT);
          if (LABEL_LISTS.contains(lower)) {
            at = after;
            if (at < text.length() && text.charAt(at) == '(') skipPast(')');
          } else if (KEYWORDS.contains(lower)
              || (after < text.length() && text.charAt(after) == '(')) {
            // an operator keyword, a function or an aggregation called right away
          } else if (AGGREGATIONS.contains(lower) && startsWithLabelList(after)) {
            // "sum by (le) (...)": the aggregation's name; its label list is skipped next round
          } else {
            at = after;
            List<Matcher> matchers =
                at < text.length() && text.charAt(at) == '{' ? matchers() : List.of();
            found.add(new VectorSelector(Optional.of(name), matchers));
          }
        } else {
          at++;
        }
      }
      return List.copyOf(found);
    }

    private boolean startsWithLabelList(int from) {
      for (String keyword : List.of("by", "without")) {
        if (text.startsWith(keyword, from)
            && (from + keyword.length() >= text.length()
                || !isNamePart(text.charAt(from + keyword.length())))) {
          return true;
        }
      }
      return false;
    }

    /** {@code {a="b", c=~"d",}} from the opening brace; leaves {@code at} after the closing one. */
    private List<Matcher> matchers() {
      int open = at;
      at++;
      List<Matcher> matchers = new ArrayList<>();
      while (true) {
        at = skipSpace(at);
        if (at >= text.length())
          throw unreadable("the label matchers opened at offset %d are not closed".formatted(open));
        char c = text.charAt(at);
        if (c == '}') {
          at++;
          return matchers;
        }
        if (c == ',') {
          at++;
          continue;
        }
        String label;
        if (c == '"' || c == '\'' || c == '`') {
          label = string(); // a quoted metric name or label (Prometheus 3 UTF-8 names)
          at = skipSpace(at);
          if (at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '}')) {
            matchers.add(new Matcher("__name__", "=", label));
            continue;
          }
        } else if (isNameStart(c)) {
          label = name();
        } else {
          throw unreadable("expected a label name at offset %d, found '%c'".formatted(at, c));
        }
        at = skipSpace(at);
        String op = operator();
        at = skipSpace(at);
        if (at >= text.length() || "\"'`".indexOf(text.charAt(at)) < 0) {
          throw unreadable(
              "the matcher on %s at offset %d has no quoted value".formatted(label, at));
        }
        matchers.add(new Matcher(label, op, string()));
      }
    }

    private String operator() {
      for (String op : List.of("=~", "!~", "!=", "=")) {
        if (text.startsWith(op, at)) {
          at += op.length();
          return op;
        }
      }
      throw unreadable("expected =, !=, =~ or !~ at offset %d".formatted(at));
    }

    /**
     * A quoted string from its opening quote; returns its value with escapes undone, {@code at}
     * after it.
     */
    private String string() {
      char quote = text.charAt(at);
      int open = at;
      at++;
      StringBuilder value = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == quote) return value.toString();
        if (c == '\\' && quote != '`' && at < text.length()) {
          value.append(text.charAt(at++));
        } else {
          value.append(c);
        }
      }
      throw unreadable("the string opened at offset %d is not closed".formatted(open));
    }

    private String name() {
      int start = at;
      while (at < text.length() && isNamePart(text.charAt(at))) at++;
      return text.substring(start, at);
    }

    private void skipPast(char close) {
      int open = at;
      while (at < text.length() && text.charAt(at) != close) {
        char c = text.charAt(at);
        if (c == '"' || c == '\'' || c == '`') string();
        else at++;
      }
      if (at >= text.length() && close != '\n')
        throw unreadable("'%c' at offset %d is not closed".formatted(text.charAt(open), open));
      at++;
    }

    private int skipSpace(int from) {
      int i = from;
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
      return i;
    }

    private static boolean isNameStart(char c) {
      return Character.isLetter(c) && c < 128 || c == '_' || c == ':';
    }

    private static boolean isNamePart(char c) {
      return isNameStart(c) || Character.isDigit(c);
    }

    private IllegalArgumentException unreadable(String what) {
      return new IllegalArgumentException(
          "cannot read the selectors of '%s': %s; check the query's braces and quotes"
              .formatted(text, what));
    }
  }
}
