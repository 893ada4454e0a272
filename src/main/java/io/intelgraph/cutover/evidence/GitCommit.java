package io.intelgraph.cutover.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The commit the suite runs from: {@code GITHUB_SHA} (GitHub Actions), {@code CI_COMMIT_SHA}
 * (GitLab), {@code GIT_COMMIT} (Jenkins), else {@code git rev-parse HEAD} in the working directory.
 *
 * <pre>{@code
 * Optional<String> commit = GitCommit.resolve(System.getenv(), Path.of(""));
 * }</pre>
 */
public final class GitCommit {

  static final List<String> VARIABLES = List.of("GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT");

  private GitCommit() {}

  /** The commit id, or empty if neither a CI variable nor git knows it. */
  public static Optional<String> resolve(Map<String, String> variables, Path workingDirectory) {
    for (String variable : VARIABLES) {
      String value = variables.get(variable);
      if (value != null && !value.isBlank()) return Optional.of(value.strip());
    }
    return fromGit(workingDirectory);
  }

  private static Optional<String> fromGit(Path workingDirectory) {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .directory(workingDirectory.toAbsolutePath().toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!git.waitFor(10, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return Optional.empty();
      }
      return git.exitValue() == 0 && out.matches("[0-9a-f]{40,64}")
          ? Optional.of(out)
          : Optional.empty();
    } catch (IOException noGit) {
      // git is not installed on this runner: the commit is unknown, which the report says
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
