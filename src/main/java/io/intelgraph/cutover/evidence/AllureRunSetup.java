package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.config.Environment;
import java.io.IOException;
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
 *     Path.of("allure/categories.json"), System.getenv(), Path.of(""));
 * }</pre>
 */
public final class AllureRunSetup {

  private AllureRunSetup() {}

  /**
   * Writes categories, environment and executor, and carries the history over.
   *
   * @param categories the project's {@code allure/categories.json}
   * @param variables the process environment (CI variables, git commit)
   * @return the files written or copied
   */
  public static List<Path> prepare(
      Environment environment,
      Path resultsDirectory,
      Path categories,
      Map<String, String> variables,
      Path workingDirectory) {
    List<Path> written = new ArrayList<>();
    written.add(copyCategories(categories, resultsDirectory));
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

  /** Copies {@code categories.json} into the results directory; returns the copy. */
  public static Path copyCategories(Path categories, Path resultsDirectory) {
    if (!Files.isRegularFile(categories)) {
      throw new EvidenceException(
          "Allure categories %s not found; run from the project directory, or give the path of allure/categories.json"
              .formatted(categories.toAbsolutePath()));
    }
    Path target = resultsDirectory.resolve("categories.json");
    try {
      Files.createDirectories(resultsDirectory);
      Files.copy(categories, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot copy %s into %s (%s)".formatted(categories, resultsDirectory, e.getMessage()), e);
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
