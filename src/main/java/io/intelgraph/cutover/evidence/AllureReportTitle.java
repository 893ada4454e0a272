package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the run's executor back into a generated Allure 2 report. The allure-maven plugin writes its
 * own {@code executor.json} ("Maven") over the one the run wrote, so without this the report is
 * titled "Allure Report" and loses its link to the CI run. Patches what Allure rendered from it:
 * the title ({@code widgets/summary.json} {@code reportName}, the page's {@code <title>}) and the
 * executors widget. Run after report generation ({@code -Pcutover} does, in post-integration-test).
 *
 * <pre>{@code
 * java -cp ... io.intelgraph.cutover.evidence.AllureReportTitle target/cutover-executor.json target/site/allure-maven-plugin
 * }</pre>
 */
public final class AllureReportTitle {

  private AllureReportTitle() {}

  /**
   * {@code args}: the executor the run kept ({@link ExecutorJson#keptCopy}) and the report
   * directory.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: AllureReportTitle EXECUTOR_JSON REPORT_DIRECTORY");
      System.exit(3);
    }
    Path executor = Path.of(args[0]);
    Path report = Path.of(args[1]);
    if (!Files.isRegularFile(executor) || !Files.isDirectory(report.resolve("widgets"))) {
      // the run did not get as far as writing its executor (bad configuration), or no report was
      // generated: nothing to title
      System.out.printf(
          "[cutover] report title left as generated: %s or %s missing%n",
          executor, report.resolve("widgets"));
      return;
    }
    String title = apply(Files.readString(executor, StandardCharsets.UTF_8), report);
    System.out.printf("[cutover] report titled '%s' (%s)%n", title, report);
  }

  /** Patches the report; returns the title. */
  static String apply(String executorJson, Path report) throws IOException {
    JsonNode executor = JsonMappers.JSON.readTree(executorJson);
    String title = executor.path("reportName").asString("Cutover evidence");
    Path summary = report.resolve("widgets/summary.json");
    if (Files.isRegularFile(summary)) {
      ObjectNode node =
          (ObjectNode) JsonMappers.JSON.readTree(Files.readString(summary, StandardCharsets.UTF_8));
      node.put("reportName", title);
      Files.writeString(summary, JsonMappers.JSON.writeValueAsString(node), StandardCharsets.UTF_8);
    }
    ArrayNode executors = JsonMappers.JSON.createArrayNode();
    executors.add(executor);
    Files.writeString(
        report.resolve("widgets/executors.json"),
        JsonMappers.JSON.writeValueAsString(executors),
        StandardCharsets.UTF_8);
    Path index = report.resolve("index.html");
    if (Files.isRegularFile(index)) {
      String html = Files.readString(index, StandardCharsets.UTF_8);
      Files.writeString(
          index,
          html.replaceFirst(
              "<title>[^<]*</title>",
              java.util.regex.Matcher.quoteReplacement("<title>" + escape(title) + "</title>")),
          StandardCharsets.UTF_8);
    }
    return title;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
