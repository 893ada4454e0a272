package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AllureRunSetupTest {

  @TempDir Path dir;

  static Environment sandbox() {
    return new EnvironmentLoader(Map.of(), Map.of(), Path.of("target/no-such-dir"))
        .withOverrides(
            Map.of(
                "endpoints.api",
                "http://127.0.0.1:1001",
                "endpoints.prometheus",
                "http://127.0.0.1:1002",
                "endpoints.oidc_issuer",
                "http://127.0.0.1:1003/default",
                "endpoints.opa",
                "http://127.0.0.1:1004",
                "endpoints.cost",
                "http://127.0.0.1:1005"))
        .load();
  }

  @Test
  void gitHubActionsLinksBackToTheRun() {
    ExecutorJson.Executor executor =
        ExecutorJson.detect(
            Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_SERVER_URL",
                "https://github.com",
                "GITHUB_REPOSITORY",
                "intelgraph/maestro-cutover",
                "GITHUB_RUN_ID",
                "9911",
                "GITHUB_RUN_NUMBER",
                "42",
                "GITHUB_WORKFLOW",
                "cutover",
                "GITHUB_JOB",
                "canary"));

    assertThat(executor.type()).isEqualTo("github");
    assertThat(executor.buildUrl())
        .contains("https://github.com/intelgraph/maestro-cutover/actions/runs/9911");
    assertThat(executor.buildOrder()).contains(42L);
    assertThat(executor.buildName()).isEqualTo("cutover #42 (canary)");
  }

  @Test
  void gitLabLinksToTheJob() {
    ExecutorJson.Executor executor =
        ExecutorJson.detect(
            Map.of(
                "GITLAB_CI",
                "true",
                "CI_PROJECT_URL",
                "https://gitlab.example/ops/cutover",
                "CI_PIPELINE_ID",
                "5000",
                "CI_PIPELINE_IID",
                "77",
                "CI_JOB_NAME",
                "gate",
                "CI_JOB_URL",
                "https://gitlab.example/ops/cutover/-/jobs/1"));

    assertThat(executor.type()).isEqualTo("gitlab");
    assertThat(executor.buildOrder()).contains(77L);
    assertThat(executor.buildUrl()).contains("https://gitlab.example/ops/cutover/-/jobs/1");
    assertThat(executor.buildName()).isEqualTo("pipeline 5000, job gate");
  }

  @Test
  void jenkinsUsesBuildUrlAndJobName() {
    ExecutorJson.Executor executor =
        ExecutorJson.detect(
            Map.of(
                "BUILD_URL",
                "https://ci.example/job/cutover/12/",
                "JOB_NAME",
                "cutover",
                "BUILD_NUMBER",
                "12"));

    assertThat(executor.type()).isEqualTo("jenkins");
    assertThat(executor.buildName()).isEqualTo("cutover #12");
    assertThat(executor.reportUrl()).contains("https://ci.example/job/cutover/12/allure");
  }

  @Test
  void gitHubActionsNamesWhoTriggeredTheRun() {
    ExecutorJson.Executor executor =
        ExecutorJson.detect(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_RUN_NUMBER", "42",
                "GITHUB_WORKFLOW", "cutover",
                "GITHUB_JOB", "gate",
                "GITHUB_ACTOR", "release-bot",
                "GITHUB_TRIGGERING_ACTOR", "octocat"));

    assertThat(executor.buildName())
        .as("a re-run names who re-ran it (GITHUB_TRIGGERING_ACTOR) over who first started it")
        .isEqualTo("cutover #42 (gate), run by octocat");
    assertThat(
            ExecutorJson.detect(Map.of("GITHUB_ACTIONS", "true", "GITHUB_ACTOR", "release-bot"))
                .buildName())
        .endsWith(", run by release-bot");
  }

  @Test
  void gitLabNamesTheUserWhoStartedThePipeline() {
    ExecutorJson.Executor executor =
        ExecutorJson.detect(
            Map.of(
                "GITLAB_CI", "true",
                "CI_PIPELINE_ID", "5000",
                "CI_JOB_NAME", "canary",
                "GITLAB_USER_LOGIN", "dana",
                "GITLAB_USER_NAME", "Dana Scully"));

    assertThat(executor.buildName()).isEqualTo("pipeline 5000, job canary, run by dana");
    assertThat(
            ExecutorJson.detect(Map.of("GITLAB_CI", "true", "GITLAB_USER_NAME", "Dana Scully"))
                .buildName())
        .endsWith(", run by Dana Scully");
  }

  @Test
  void jenkinsNamesTheUserOnlyWhenTheBuildUserPluginSaysWho() {
    assertThat(
            ExecutorJson.detect(
                    Map.of(
                        "BUILD_URL", "https://ci.example/job/cutover/12/",
                        "JOB_NAME", "cutover",
                        "BUILD_NUMBER", "12",
                        "BUILD_USER_ID", "sre-lead"))
                .buildName())
        .isEqualTo("cutover #12, run by sre-lead");
  }

  @Test
  void aLocalRunWithoutUserVariablesIsNamedAfterTheJvmsAccount() {
    assertThat(ExecutorJson.detect(Map.of("HOSTNAME", "runner-7"), "cutover").buildName())
        .as("a container sets no USER; the JVM's user.name still says who")
        .isEqualTo("run by cutover on runner-7");
    assertThat(ExecutorJson.detect(Map.of(), null).buildName())
        .isEqualTo("run by unknown user on this machine");
  }

  @Test
  void withoutCiItIsALocalRun() {
    ExecutorJson.Executor executor =
        ExecutorJson.detect(Map.of("USER", "sre", "HOSTNAME", "laptop"));

    assertThat(executor.type()).isEqualTo("local");
    assertThat(executor.buildName()).isEqualTo("run by sre on laptop");
    assertThat(executor.buildUrl()).isEmpty();
  }

  @Test
  void executorJsonHasAllureKeysAndNoNulls() throws IOException {
    Path file = ExecutorJson.write(ExecutorJson.detect(Map.of("USER", "sre")), dir);

    JsonNode json = JsonMappers.SNAKE_CASE.readTree(Files.readString(file));
    assertThat(json.has("buildName")).isTrue();
    assertThat(json.has("reportName")).isTrue();
    assertThat(json.has("buildUrl")).as("absent, not null").isFalse();
  }

  @Test
  void theCommitComesFromTheCiVariablesInOrder() {
    assertThat(GitCommit.resolve(Map.of("GITHUB_SHA", "aaa", "CI_COMMIT_SHA", "bbb"), dir))
        .contains("aaa");
    assertThat(GitCommit.resolve(Map.of("CI_COMMIT_SHA", "bbb", "GIT_COMMIT", "ccc"), dir))
        .contains("bbb");
    assertThat(GitCommit.resolve(Map.of("GIT_COMMIT", "ccc"), dir)).contains("ccc");
  }

  @Test
  void withoutCiVariablesTheCommitComesFromGitOrIsUnknown() throws Exception {
    assertThat(GitCommit.resolve(Map.of(), dir)).as("not a repository").isEmpty();

    git("init", "-q");
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x");
    String head =
        new String(
                new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(dir.toFile())
                    .start()
                    .getInputStream()
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .strip();

    assertThat(GitCommit.resolve(Map.of(), dir)).contains(head);
  }

  private void git(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(process.waitFor()).as("git %s", String.join(" ", args)).isZero();
  }

  @Test
  void environmentPropertiesNameTheReleaseTheClusterAndTheCommit() throws IOException {
    Path file = EnvironmentProperties.of(sandbox(), Optional.of("0123abc")).write(dir);

    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      properties.load(in);
    }
    assertThat(properties)
        .containsEntry("release", "v1.0.0-GA")
        .containsEntry("environment", "sandbox")
        .containsEntry("namespace", "intelgraph-maestro")
        .containsEntry("git.commit", "0123abc")
        .containsEntry("api", "http://127.0.0.1:1001")
        .containsEntry("cluster", "kubeconfig or in-cluster service account");
    assertThat(EnvironmentProperties.of(sandbox(), Optional.empty()).asMap())
        .containsEntry("git.commit", "unknown");
  }

  @Test
  void prepareCopiesCategoriesWritesPanelsAndCarriesHistory() throws IOException {
    Path previous = Files.createDirectories(dir.resolve("target/site/allure-maven-plugin/history"));
    Files.writeString(previous.resolve("history-trend.json"), "[{\"data\":{\"passed\":3}}]");
    Path results = dir.resolve("target/allure-results");

    List<Path> written =
        AllureRunSetup.prepare(sandbox(), results, Map.of("GITHUB_SHA", "feed"), dir);

    assertThat(written)
        .contains(
            results.resolve("categories.json"),
            results.resolve("environment.properties"),
            results.resolve("executor.json"),
            results.resolve("history/history-trend.json"));
    assertThat(results.resolve("categories.json"))
        .as("the suite's own categories, from the classpath")
        .hasSameTextualContentAs(Path.of("src/main/resources/allure/categories.json"));
    assertThat(results.resolve("history/history-trend.json"))
        .hasContent("[{\"data\":{\"passed\":3}}]");
    assertThat(
            JsonMappers.SNAKE_CASE
                .readTree(Files.readString(results.resolve("executor.json")))
                .path("reportName")
                .asString())
        .as("the report's title names the release and the environment")
        .isEqualTo("Cutover %s on %s".formatted(sandbox().release().tag(), sandbox().name()));
  }

  @Test
  void noPreviousReportMeansNoHistoryAndNoError() {
    assertThat(AllureRunSetup.carryHistory(dir.resolve("nothing"), dir.resolve("results")))
        .isEmpty();
  }

  @Test
  void aProjectsOwnCategoriesFileOverridesTheSuitesOwn() throws IOException {
    Path own = Files.createDirectories(dir.resolve("allure")).resolve("categories.json");
    Files.writeString(own, "[{\"name\":\"Our own\",\"matchedStatuses\":[\"failed\"]}]");

    Path copied = AllureRunSetup.copyCategories(own, dir.resolve("results"));

    assertThat(copied).hasSameTextualContentAs(own);
  }
}
