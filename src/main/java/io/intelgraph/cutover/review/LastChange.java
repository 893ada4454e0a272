package io.intelgraph.cutover.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

/**
 * When a document last changed: the committer date of the last commit that touched it ({@code git
 * log -1 --format=%cI -- FILE}, https://git-scm.com/docs/git-log) when it is tracked in a git
 * repository, else its file modification time, which a copy or checkout may have reset; the result
 * says which.
 *
 * <pre>{@code
 * LastChange changed = LastChange.of(Path.of("docs/runbooks/disaster-recovery.md"));
 * }</pre>
 *
 * @param source {@code git log} or {@code mtime}
 */
public record LastChange(Path file, Instant at, String source) {

  private static final Duration GIT_BOUND = Duration.ofSeconds(10);

  public Duration age(Instant now) {
    return Duration.between(at, now);
  }

  public String describe() {
    return "%s last changed %s (%s)".formatted(file, at, source);
  }

  /** The last change of an existing file; throws naming the file if it does not exist. */
  public static LastChange of(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new IllegalArgumentException(
          "%s does not exist or is not a file; point closeout.dr_runbook.file at the DR runbook"
              .formatted(absolute));
    }
    String committed = gitDate(absolute);
    if (committed != null) {
      return new LastChange(absolute, OffsetDateTime.parse(committed).toInstant(), "git log");
    }
    try {
      return new LastChange(
          absolute,
          Files.getLastModifiedTime(absolute).toInstant(),
          "mtime; not tracked in a git repository");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "%s: cannot read its modification time (%s)".formatted(absolute, e.getMessage()));
    }
  }

  /**
   * The committer date, or null when git is absent, the file is untracked or not in a repository.
   */
  private static String gitDate(Path file) {
    try {
      Process git =
          new ProcessBuilder(
                  "git", "log", "-1", "--format=%cI", "--", file.getFileName().toString())
              .directory(file.getParent().toFile())
              .redirectErrorStream(false)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!git.waitFor(GIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        git.destroyForcibly();
        return null;
      }
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.exitValue() == 0 && !out.isEmpty() ? out : null;
    } catch (IOException e) {
      return null; // no git on this machine: the modification time is all there is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
