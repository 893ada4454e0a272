package io.intelgraph.cutover.support;

/**
 * Shortens a text for a failure message or a log line: whitespace runs become one space, and what
 * is longer than the limit is cut and marked with {@code ...}.
 *
 * <pre>{@code "Prometheus answered HTTP 500: " + Excerpts.of(body)}</pre>
 */
public final class Excerpts {

  /** The usual limit: enough to recognise an answer, short enough for one line. */
  public static final int LIMIT = 200;

  private Excerpts() {}

  /**
   * {@code text} on one line, at most {@link #LIMIT} characters plus the mark; {@code (none)} for
   * null.
   */
  public static String of(String text) {
    return of(text, LIMIT);
  }

  /**
   * {@code text} on one line, at most {@code limit} characters plus the mark; {@code (none)} for
   * null.
   */
  public static String of(String text, int limit) {
    if (text == null) return "(none)";
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= limit ? flat : flat.substring(0, limit) + "...";
  }
}
