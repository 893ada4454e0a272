package io.intelgraph.cutover.config;

import java.util.List;

/**
 * The environment could not be loaded; the message names the file, each bad key, its value and the
 * fix. Thrown before any check runs, so a bad configuration never half-runs a cutover.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(format(source, problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  /** Each problem on its own, without the file header. */
  public List<String> problems() {
    return problems;
  }

  private static String format(String source, List<String> problems) {
    if (problems.size() == 1) {
      return source + ": " + problems.get(0);
    }
    StringBuilder text =
        new StringBuilder(source).append(": ").append(problems.size()).append(" problems");
    problems.forEach(p -> text.append(System.lineSeparator()).append("  - ").append(p));
    return text.toString();
  }
}
