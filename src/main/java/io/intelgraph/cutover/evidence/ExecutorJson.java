package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Writes Allure's {@code executor.json}: which CI run produced the report, with a link back to it,
 * and who ran it (the report's overview shows both). Detects GitHub Actions ({@code
 * GITHUB_ACTIONS}; who: {@code GITHUB_TRIGGERING_ACTOR}, else {@code GITHUB_ACTOR}), GitLab CI
 * ({@code GITLAB_CI}; who: {@code GITLAB_USER_LOGIN}, else {@code GITLAB_USER_NAME}) and Jenkins
 * ({@code JENKINS_URL} or {@code BUILD_URL}; who: {@code BUILD_USER_ID} of the build-user-vars
 * plugin, when present); anything else is a local run by {@code USER} (or {@code USERNAME}, or the
 * JVM's account).
 *
 * <pre>{@code
 * ExecutorJson.Executor executor = ExecutorJson.detect(System.getenv());
 * ExecutorJson.write(executor, resultsDir);
 * }</pre>
 */
public final class ExecutorJson {

  /**
   * The fields Allure reads; {@code type} picks the icon ({@code github}, {@code gitlab}, {@code
   * jenkins}, {@code local}).
   */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT)
  public record Executor(
      String name,
      String type,
      Optional<String> url,
      Optional<Long> buildOrder,
      String buildName,
      Optional<String> buildUrl,
      Optional<String> reportUrl,
      String reportName) {

    /**
     * The same executor with the report titled for what it documents, e.g. {@code Cutover v1.4.0 on
     * prod}.
     */
    public Executor titled(String release, String environment) {
      return new Executor(
          name,
          type,
          url,
          buildOrder,
          buildName,
          buildUrl,
          reportUrl,
          "Cutover %s on %s".formatted(release, environment));
    }
  }

  private ExecutorJson() {}

  /**
   * The executor these environment variables describe; a local run is named after {@code USER}, or
   * else this JVM's account ({@code user.name}).
   */
  public static Executor detect(Map<String, String> env) {
    return detect(env, System.getProperty("user.name"));
  }

  /**
   * The executor these environment variables describe, {@code account} naming a local run when
   * neither {@code USER} nor {@code USERNAME} is set (a container or a service often sets neither,
   * while the JVM still knows its account).
   */
  static Executor detect(Map<String, String> env, String account) {
    if ("true".equalsIgnoreCase(env.get("GITHUB_ACTIONS")) || has(env, "GITHUB_RUN_ID")) {
      Optional<String> repo =
          get(env, "GITHUB_SERVER_URL")
              .flatMap(server -> get(env, "GITHUB_REPOSITORY").map(r -> server + "/" + r));
      Optional<String> run =
          repo.flatMap(r -> get(env, "GITHUB_RUN_ID").map(id -> r + "/actions/runs/" + id));
      return new Executor(
          "GitHub Actions",
          "github",
          repo,
          number(env, "GITHUB_RUN_NUMBER"),
          "%s #%s (%s)"
                  .formatted(
                      env.getOrDefault("GITHUB_WORKFLOW", "workflow"),
                      env.getOrDefault("GITHUB_RUN_NUMBER", "?"),
                      env.getOrDefault("GITHUB_JOB", "job"))
              + ranBy(env, "GITHUB_TRIGGERING_ACTOR", "GITHUB_ACTOR"),
          run,
          Optional.empty(),
          "Cutover evidence");
    }
    if ("true".equalsIgnoreCase(env.get("GITLAB_CI")) || has(env, "CI_PIPELINE_ID")) {
      return new Executor(
          "GitLab CI",
          "gitlab",
          get(env, "CI_PROJECT_URL"),
          number(env, "CI_PIPELINE_IID").or(() -> number(env, "CI_PIPELINE_ID")),
          "pipeline %s, job %s"
                  .formatted(
                      env.getOrDefault("CI_PIPELINE_ID", "?"), env.getOrDefault("CI_JOB_NAME", "?"))
              + ranBy(env, "GITLAB_USER_LOGIN", "GITLAB_USER_NAME"),
          get(env, "CI_JOB_URL").or(() -> get(env, "CI_PIPELINE_URL")),
          Optional.empty(),
          "Cutover evidence");
    }
    if (has(env, "JENKINS_URL") || has(env, "BUILD_URL")) {
      return new Executor(
          "Jenkins",
          "jenkins",
          get(env, "JENKINS_URL"),
          number(env, "BUILD_NUMBER"),
          "%s #%s"
                  .formatted(
                      env.getOrDefault("JOB_NAME", "job"), env.getOrDefault("BUILD_NUMBER", "?"))
              + ranBy(env, "BUILD_USER_ID"),
          get(env, "BUILD_URL"),
          get(env, "BUILD_URL").map(url -> url + "allure"),
          "Cutover evidence");
    }
    String host = env.getOrDefault("HOSTNAME", env.getOrDefault("COMPUTERNAME", "this machine"));
    return new Executor(
        "Local run",
        "local",
        Optional.empty(),
        Optional.empty(),
        "run by %s on %s"
            .formatted(
                get(env, "USER")
                    .or(() -> get(env, "USERNAME"))
                    .or(() -> Optional.ofNullable(account).filter(a -> !a.isBlank()))
                    .orElse("unknown user"),
                host),
        Optional.empty(),
        Optional.empty(),
        "Cutover evidence");
  }

  /** Writes {@code executor.json} into the Allure results directory; returns the file. */
  public static Path write(Executor executor, Path resultsDirectory) {
    Path file = resultsDirectory.resolve("executor.json");
    try {
      Files.createDirectories(resultsDirectory);
      // Allure reads camelCase keys here, unlike our own snake_case evidence
      String json = JsonMappers.PRETTY.writeValueAsString(executor);
      Files.writeString(file, json, StandardCharsets.UTF_8);
      // the allure-maven plugin replaces executor.json with its own at report time: keep ours
      // beside the
      // results, for AllureReportTitle to put back into the generated report
      Files.writeString(keptCopy(resultsDirectory), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvidenceException("cannot write %s (%s)".formatted(file, e.getMessage()), e);
    }
    return file;
  }

  /**
   * Where {@link #write} keeps the run's executor outside the results directory: {@code
   * <results>/../cutover-executor.json}.
   */
  public static Path keptCopy(Path resultsDirectory) {
    Path parent = resultsDirectory.toAbsolutePath().getParent();
    return (parent == null ? resultsDirectory : parent).resolve("cutover-executor.json");
  }

  /**
   * {@code ", run by NAME"} from the first of these variables that is set; nothing when none is (a
   * scheduled job has no person behind it, and an invented one would be worse than none).
   */
  private static String ranBy(Map<String, String> env, String... variables) {
    for (String variable : variables) {
      Optional<String> who = get(env, variable);
      if (who.isPresent()) return ", run by " + who.get();
    }
    return "";
  }

  private static boolean has(Map<String, String> env, String name) {
    return get(env, name).isPresent();
  }

  private static Optional<String> get(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  private static Optional<Long> number(Map<String, String> env, String name) {
    return get(env, name).filter(v -> v.matches("\\d{1,18}")).map(Long::valueOf);
  }
}
