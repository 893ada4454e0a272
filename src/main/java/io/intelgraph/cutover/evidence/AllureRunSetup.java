package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prepares the Allure results directory at the start of a run: the report categories, the
 * environment and executor panels, and the previous report's history (so trends span phases and
 * runs).
 *
 * <pre>{@code
 * AllureRunSetup.prepare(environment, Path.of(System.getProperty("allure.results.directory", "target/allure-results")),
 *     System.getenv(), Path.of(""));
 * }</pre>
 */
public final class AllureRunSetup {

  /**
   * The report's failure categories: a resource of the suite's jar, and a file a project may put at
   * the same path in its working directory to use its own.
   */
  public static final String CATEGORIES = "allure/categories.json";

  private AllureRunSetup() {}

  /**
   * Writes categories, environment and executor, and carries the history over.
   *
   * @param variables the process environment (CI variables, git commit)
   * @return the files written or copied
   */
  public static List<Path> prepare(
      Environment environment,
      Path resultsDirectory,
      Map<String, String> variables,
      Path workingDirectory) {
    List<Path> written = new ArrayList<>();
    written.add(copyCategories(workingDirectory.resolve(CATEGORIES), resultsDirectory));
    written.add(
        EnvironmentProperties.of(environment, GitCommit.resolve(variables, workingDirectory))
            .write(resultsDirectory));
    // Allure titles the report with the executor's reportName: the release and environment, not
    // "Allure Report"
    written.add(
        ExecutorJson.write(
            ExecutorJson.detect(variables).titled(environment.release().tag(), environment.name()),
            resultsDirectory));
    written.addAll(
        carryHistory(
            workingDirectory.resolve(environment.evidence().allureHistory()), resultsDirectory));
    return written;
  }

  /**
   * Writes the report's categories into the results directory: the suite's own (the classpath's
   * {@value #CATEGORIES}), or the file {@code override} where a project keeps its own; returns the
   * copy.
   */
  public static Path copyCategories(Path override, Path resultsDirectory) {
    Path target = resultsDirectory.resolve("categories.json");
    String source = Files.isRegularFile(override) ? override.toString() : "classpath " + CATEGORIES;
    try (InputStream categories =
        Files.isRegularFile(override)
            ? Files.newInputStream(override)
            : AllureRunSetup.class.getClassLoader().getResourceAsStream(CATEGORIES)) {
      if (categories == null) {
        throw new EvidenceException(
            "Allure categories not found: neither %s nor %s on the classpath; the suite's jar is"
                + " incomplete, rebuild it or add %s"
                    .formatted(override.toAbsolutePath(), CATEGORIES, override));
      }
      Files.createDirectories(resultsDirectory);
      Files.copy(categories, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot copy %s into %s (%s)".formatted(source, resultsDirectory, e.getMessage()), e);
    }
    return target;
  }

  /**
   * Copies a previous report's {@code history} directory into {@code <results>/history}; nothing to
   * do (an empty list) when there is no previous report.
   */
  public static List<Path> carryHistory(Path previousHistory, Path resultsDirectory) {
    if (!Files.isDirectory(previousHistory)) return List.of();
    Path target = resultsDirectory.resolve("history");
    List<Path> copied = new ArrayList<>();
    try (Stream<Path> files = Files.walk(previousHistory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path copy = target.resolve(previousHistory.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        copied.add(copy);
      }
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot carry the Allure history from %s into %s (%s)"
              .formatted(previousHistory, target, e.getMessage()),
          e);
    }
    return copied;
  }
}
