package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code src/main/launcher/maestro-cutover}) with a stand-in {@code java} that
 * prints its arguments, one per line: which JVM options it passes, with and without the archive.
 */
class LauncherScriptTest {

  @TempDir Path directory;
  private Path launcher;
  private Path javaHome;

  @BeforeEach
  void install() throws IOException {
    launcher = directory.resolve("target/maestro-cutover");
    Files.createDirectories(launcher.getParent());
    Files.copy(
        Path.of("src/main/launcher/maestro-cutover"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    javaHome = directory.resolve("jdk");
    Path java = javaHome.resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, List<String> lines) {}

  private Run run(String javaOpts, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("JAVA_OPTS", javaOpts);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS))
        .as("launcher finished; output: %s", output)
        .isTrue();
    return new Run(process.exitValue(), output.lines().toList());
  }

  @Test
  void withTheArchiveItSharesItsClassesAndPassesTheArgumentsAsGiven() throws Exception {
    Path target = launcher.getParent().toRealPath();
    Files.writeString(target.resolve("maestro-cutover.jar"), "jar");
    Files.writeString(target.resolve("maestro-cutover.jsa"), "archive");

    Run run = run("-Dmaestro.timings=true", "gates", "--config", "my env.yaml");

    assertThat(run.exit()).isZero();
    assertThat(run.lines())
        .containsSubsequence(
            "-Xshare:auto",
            "-Xlog:cds=off,cds+dynamic=off",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dmaestro.timings=true",
            "-XX:SharedArchiveFile=" + target.resolve("maestro-cutover.jsa"),
            "-jar",
            target.resolve("maestro-cutover.jar").toString(),
            "gates",
            "--config",
            "my env.yaml");
  }

  @Test
  void withoutTheArchiveItRunsTheJarWithoutOne() throws Exception {
    Files.writeString(launcher.resolveSibling("maestro-cutover.jar"), "jar");

    Run run = run("", "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.lines())
        .noneMatch(line -> line.startsWith("-XX:SharedArchiveFile"))
        .endsWith(
            "-jar",
            launcher.getParent().toRealPath().resolve("maestro-cutover.jar").toString(),
            "--version");
  }

  @Test
  void withoutTheJarItSaysHowToBuildIt() throws Exception {
    Run run = run("", "--version");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.lines())
        .singleElement()
        .asString()
        .contains("maestro-cutover.jar is missing; build it with: mvn -o -q package -DskipTests");
  }
}
