package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher ({@code target/maestro-cutover}) with the archive the build dumped, and
 * with one that no longer fits.
 */
class LauncherIT {

  private static final Path TARGET = Path.of("target");

  @TempDir Path directory;

  private record Run(int exit, String stdout, String stderr) {}

  private static Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Run(process.exitValue(), stdout, stderr);
  }

  @Test
  void theBuildsArchiveFitsThisJarAndJdk() throws Exception {
    assumeTrue(
        Files.isRegularFile(TARGET.resolve("maestro-cutover.jsa")),
        "no target/maestro-cutover.jsa: the build warned that its JVM could not dump one");

    // -Xshare:on makes an archive that does not fit a startup error instead of a silent fallback
    Run run =
        run(TARGET.resolve("maestro-cutover"), Map.of("JAVA_OPTS", "-Xshare:on"), "--version");

    assertThat(run.exit()).as("stderr: %s", run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("maestro-cutover ").hasLineCount(1);
  }

  @Test
  void anArchiveThatNoLongerFitsIsIgnoredWithoutAWord() throws Exception {
    assumeTrue(
        Files.isRegularFile(TARGET.resolve("maestro-cutover.jsa")),
        "no target/maestro-cutover.jsa: the build warned that its JVM could not dump one");
    // a copied jar has another path and modification time than the one the archive was dumped with
    Files.copy(
        TARGET.resolve("maestro-cutover"),
        directory.resolve("maestro-cutover"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(TARGET.resolve("maestro-cutover.jar"), directory.resolve("maestro-cutover.jar"));
    Files.copy(TARGET.resolve("maestro-cutover.jsa"), directory.resolve("maestro-cutover.jsa"));

    Run run = run(directory.resolve("maestro-cutover"), Map.of(), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.stdout()).startsWith("maestro-cutover ").hasLineCount(1);
    assertThat(run.stderr()).isEmpty();
  }
}
