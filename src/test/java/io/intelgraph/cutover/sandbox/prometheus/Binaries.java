package io.intelgraph.cutover.sandbox.prometheus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable: a system property naming it wins, then the PATH. */
final class Binaries {

  private Binaries() {}

  static Optional<Path> find(String name, String property) {
    String explicit = System.getProperty(property);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "-D%s=%s is not an executable file; point it at a %s binary or remove it to search the PATH"
                .formatted(property, explicit, name));
      }
      return Optional.of(path);
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
