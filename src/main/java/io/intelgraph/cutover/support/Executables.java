package io.intelgraph.cutover.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a configured command could start: its program (the first word, as {@link CommandRunner}
 * splits it) resolved as a shell would (a path relative to the working directory, else on {@code
 * PATH}), existing and executable.
 */
public final class Executables {

  private Executables() {}

  /**
   * What was found, or why the command cannot start.
   *
   * @param problem empty when it can start; else what is wrong and the fix
   * @param found what was seen, e.g. {@code /work/scripts/deploy.sh: exists, executable}
   */
  public record Check(Optional<String> problem, String found) {}

  /** Checks {@code command}, configured under {@code key}, as it would run from {@code dir}. */
  public static Check check(String key, String command, Path dir) {
    String program = command.strip().split("\\s+")[0];
    Optional<Path> found =
        program.contains("/") ? Optional.of(dir.resolve(program)) : onPath(program);
    if (found.isEmpty()) {
      return new Check(
          Optional.of(
              "%s `%s`: %s is not on PATH; give a path, e.g. ./scripts/cutover/%s"
                  .formatted(key, command, program, program)),
          program + ": not on PATH");
    }
    Path path = found.get();
    if (!Files.isRegularFile(path)) {
      return new Check(
          Optional.of(
              "%s `%s`: %s does not exist (resolved in %s); fix %s or deploy the script with the runner"
                  .formatted(key, command, path, dir, key)),
          path + ": missing");
    }
    if (!Files.isExecutable(path)) {
      return new Check(
          Optional.of("%s `%s`: %s is not executable; chmod +x it".formatted(key, command, path)),
          path + ": not executable");
    }
    return new Check(Optional.empty(), "%s %s: exists, executable".formatted(key, path));
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir).resolve(program);
      if (Files.isRegularFile(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
