package io.intelgraph.cutover.junit;

import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a run's Allure results go through the redaction. The suite's jar registers {@link
 * RedactingAllureListener} itself ({@code META-INF/services}); Allure's own listener, registered by
 * allure-junit-platform's jar, writes the same results unredacted unless the run switches it off
 * with JUnit's {@code junit.platform.execution.listeners.deactivate} (a comma-separated list of
 * class-name patterns, {@code *} matching any characters, as JUnit's user guide documents). A run
 * with Allure's own listener active is refused before any test, with the line to add.
 *
 * <p>The redacting listener reads the launcher's configuration when the test plan starts ({@link
 * #testPlanStarted}); the extension asks {@link #refusal} before it opens anything. A run without a
 * launcher's listeners (the JUnit test kit) writes no Allure results at all, so nothing is refused
 * there unless its configuration switches the redacting listener off and leaves Allure's on.
 */
final class AllureListeners {

  /** JUnit's configuration parameter that switches launcher listeners off. */
  static final String DEACTIVATE = "junit.platform.execution.listeners.deactivate";

  private static final String UNREDACTED = AllureJunitPlatform.class.getName();
  private static final String REDACTING = RedactingAllureListener.class.getName();

  /** What the running test plan's redacting listener found; empty outside a launcher's run. */
  private static volatile Optional<String> planRefusal = Optional.empty();

  private AllureListeners() {}

  /** The redacting listener saw a test plan start with this configuration. */
  static void testPlanStarted(Optional<String> deactivated) {
    planRefusal = unredactedResults(deactivated);
  }

  /** The test plan ended: the next one is judged on its own configuration. */
  static void testPlanFinished() {
    planRefusal = Optional.empty();
  }

  /**
   * Why this run must not start, given the configuration the extension sees; empty when its Allure
   * results, if any, are redacted.
   */
  static Optional<String> refusal(Optional<String> deactivated) {
    if (planRefusal.isPresent()) return planRefusal;
    if (anyMatches(deactivated, REDACTING) && !anyMatches(deactivated, UNREDACTED)) {
      return Optional.of(
          ("refused: the redacting Allure listener (%s) is switched off by %s='%s' while Allure's"
                  + " own listener is not, so this run's results would be written unredacted;"
                  + " switch off %s instead")
              .formatted(REDACTING, DEACTIVATE, deactivated.orElseThrow(), UNREDACTED));
    }
    return Optional.empty();
  }

  /**
   * Why this run's Allure results would not be redacted, given the run's {@code
   * junit.platform.execution.listeners.deactivate}; empty when Allure's own listener is off.
   */
  static Optional<String> unredactedResults(Optional<String> deactivated) {
    if (anyMatches(deactivated, UNREDACTED)) return Optional.empty();
    return Optional.of(
        ("refused: Allure's own JUnit listener (%s) is active, so it would write every result and"
                + " attachment of this run unredacted (tokens, secrets) beside the redacting one."
                + " Switch it off: add the line %s=%s to src/test/resources/junit-platform.properties"
                + " (or pass -D%s=%s)%s")
            .formatted(
                UNREDACTED,
                DEACTIVATE,
                UNREDACTED,
                DEACTIVATE,
                UNREDACTED,
                deactivated.map(d -> "; it is now '" + d + "'").orElse("")));
  }

  private static boolean anyMatches(Optional<String> patterns, String className) {
    return patterns.stream()
        .flatMap(list -> Arrays.stream(list.split(",")))
        .map(String::strip)
        .filter(pattern -> !pattern.isEmpty())
        .anyMatch(pattern -> matches(pattern, className));
  }

  private static boolean matches(String pattern, String className) {
    String regex =
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .reduce((a, b) -> a + ".*" + b)
            .orElse("");
    return className.matches(regex);
  }
}
