package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureReportTitleTest {

  @TempDir Path dir;

  @Test
  void theGeneratedReportGetsTheRunsTitleAndExecutorBackFromThePluginsGenericOne()
      throws IOException {
    Path report = Files.createDirectories(dir.resolve("site/allure-maven-plugin/widgets"));
    Files.writeString(
        report.resolve("summary.json"),
        "{\"reportName\":\"Allure Report\",\"statistic\":{\"passed\":115}}");
    Files.writeString(
        report.resolve("executors.json"),
        "[{\"name\":\"Maven\",\"type\":\"maven\",\"buildName\":\"maestro-cutover\"}]");
    Files.writeString(
        report.getParent().resolve("index.html"),
        "<html><head><title>Allure Report</title></head></html>");
    Path results = Files.createDirectories(dir.resolve("allure-results"));
    ExecutorJson.write(
        ExecutorJson.detect(
                Map.of(
                    "GITHUB_ACTIONS",
                    "true",
                    "GITHUB_SERVER_URL",
                    "https://github.example",
                    "GITHUB_REPOSITORY",
                    "org/app",
                    "GITHUB_RUN_ID",
                    "42",
                    "GITHUB_RUN_NUMBER",
                    "7"))
            .titled("v1.0.0-GA", "prod"),
        results);
    Files.writeString(
        results.resolve("executor.json"),
        "{\"name\":\"Maven\",\"type\":\"maven\"}"); // what the plugin leaves

    AllureReportTitle.main(
        new String[] {ExecutorJson.keptCopy(results).toString(), report.getParent().toString()});

    assertThat(
            JsonMappers.JSON
                .readTree(Files.readString(report.resolve("summary.json")))
                .path("reportName")
                .asString())
        .isEqualTo("Cutover v1.0.0-GA on prod");
    assertThat(
            JsonMappers.JSON
                .readTree(Files.readString(report.resolve("summary.json")))
                .path("statistic")
                .path("passed")
                .asInt())
        .as("the rest of the summary untouched")
        .isEqualTo(115);
    assertThat(Files.readString(report.resolve("executors.json")))
        .contains("\"GitHub Actions\"", "https://github.example/org/app/actions/runs/42");
    assertThat(report.getParent().resolve("index.html"))
        .content()
        .contains("<title>Cutover v1.0.0-GA on prod</title>");
  }

  @Test
  void withoutTheRunsExecutorTheReportIsLeftAsGenerated() throws IOException {
    Path report = Files.createDirectories(dir.resolve("report/widgets"));
    Files.writeString(report.resolve("summary.json"), "{\"reportName\":\"Allure Report\"}");

    AllureReportTitle.main(
        new String[] {dir.resolve("missing.json").toString(), report.getParent().toString()});

    assertThat(report.resolve("summary.json"))
        .content()
        .isEqualTo("{\"reportName\":\"Allure Report\"}");
  }
}
