package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module of a team's own (src/test/resources/consumer-module), built against the suite's packaged
 * jar and its runtime dependencies only, none of this project's test classes or resources: the
 * redaction comes with the jar. With the one documented line in its junit-platform.properties a
 * token in its line's evidence and in an attachment of its own reaches no Allure result; without
 * the line its phase is refused before anything runs, saying which line to add.
 */
class ConsumerModuleRedactionIT {

  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb25zdW1lci1tb2R1bGUifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
  private static final Path MODULE = Path.of("target/test-classes/consumer-module");

  @TempDir static Path work;
  private static Path classes;
  private static List<String> suiteClasspath;

  /**
   * The module's tests compiled against the jar and its runtime dependencies, as its build does.
   */
  @BeforeAll
  static void compileTheModule() throws IOException {
    suiteClasspath = suiteClasspath();
    classes = Files.createDirectories(work.resolve("classes"));
    List<String> sources;
    try (Stream<Path> files = Files.walk(MODULE.resolve("src/test/java"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "--release",
            "17",
            "-proc:none",
            "-cp",
            String.join(java.io.File.pathSeparator, suiteClasspath),
            "-d",
            classes.toString()));
    arguments.addAll(sources);
    assertThat(javac.run(null, null, null, arguments.toArray(String[]::new)))
        .as("the consumer module compiles against the suite's jar alone")
        .isZero();
  }

  @Test
  void withTheDocumentedLineATokenInALinesEvidenceOrAnAttachmentIsRedacted() throws Exception {
    Path results = work.resolve("with-line-results");
    Run run =
        run(
            List.of(MODULE.resolve("src/test/resources").toString()),
            results,
            "com.example.cutover.IdentityProviderAnswersTest");

    assertThat(run.exitCode()).as("the module's tests pass; output:%n%s", run.output()).isZero();
    List<Path> written;
    try (Stream<Path> files = Files.list(results)) {
      written = files.toList();
    }
    assertThat(written)
        .as("the results and both attachments were written")
        .filteredOn(f -> f.getFileName().toString().contains("-attachment"))
        .hasSizeGreaterThanOrEqualTo(2);
    StringBuilder everything = new StringBuilder();
    for (Path file : written) everything.append(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(everything.toString())
        .as("what the Allure results hold")
        .doesNotContain(TOKEN)
        .doesNotContain(TOKEN.substring(0, 30))
        .contains("Authorization: Bearer", "id_token=", "REDACTED");
  }

  @Test
  void withoutTheLineItsPhaseIsRefusedNamingTheLineToAdd() throws Exception {
    Run run =
        run(
            List.of(),
            work.resolve("without-line-results"),
            "com.example.cutover.ConsumerBaselineTest");

    assertThat(run.exitCode()).as("output:%n%s", run.output()).isNotZero();
    assertThat(run.output())
        .contains(
            "refused: Allure's own JUnit listener",
            "junit.platform.execution.listeners.deactivate=io.qameta.allure.junitplatform.AllureJunitPlatform");
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> resources, Path results, String testClass)
      throws IOException, InterruptedException {
    List<String> classpath = new ArrayList<>(suiteClasspath);
    classpath.add(classes.toString());
    classpath.addAll(resources);
    Path log = work.resolve(results.getFileName() + ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(java.io.File.pathSeparator, classpath),
                "-Dallure.results.directory=" + results,
                "com.example.cutover.RunConsumerTests",
                testClass)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the consumer module's run did not end within 2 minutes");
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * The packaged jar and its runtime dependencies, as the build wrote them ({@code consumer.jar},
   * {@code consumer.classpath.file}, set by the pom at package).
   */
  private static List<String> suiteClasspath() {
    Path jar = Path.of(System.getProperty("consumer.jar", "target/maestro-cutover-missing.jar"));
    Path dependencies =
        Path.of(System.getProperty("consumer.classpath.file", "target/runtime-classpath.txt"));
    assertThat(jar)
        .as("the packaged jar (run mvn verify, which packages it first)")
        .isRegularFile();
    assertThat(dependencies).as("the runtime classpath written at package").isRegularFile();
    List<String> classpath = new ArrayList<>();
    classpath.add(jar.toString());
    try {
      String listed = Files.readString(dependencies, StandardCharsets.UTF_8).strip();
      for (String entry : listed.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) classpath.add(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return classpath;
  }
}
