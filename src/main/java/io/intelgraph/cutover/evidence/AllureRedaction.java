package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.secrets.RedactingOutputStream;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.util.PropertiesUtils;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Makes all of a run's Allure output redacted: one {@link AllureLifecycle} per JVM whose results
 * writer is a {@link RedactingResultsWriter} over the run's {@link SecretRegistry#run() registry},
 * installed as Allure's lifecycle before the first result is written; and {@code System.out} /
 * {@code System.err} (where slf4j-simple logs) redacted line by line.
 *
 * <pre>{@code
 * AllureLifecycle lifecycle = AllureRedaction.install();   // idempotent
 * }</pre>
 */
public final class AllureRedaction {

  private static AllureLifecycle installed;

  private AllureRedaction() {}

  /** Installs the redacting lifecycle and output streams once per JVM; returns the lifecycle. */
  public static synchronized AllureLifecycle install() {
    if (installed == null) {
      Redactor redactor = new Redactor(SecretRegistry.run());
      installed = lifecycle(resultsDirectory(), redactor);
      Allure.setLifecycle(installed);
      System.setOut(redacting(System.out, redactor));
      System.setErr(redacting(System.err, redactor));
    }
    return installed;
  }

  /** A lifecycle writing redacted results into {@code resultsDirectory}. */
  public static AllureLifecycle lifecycle(Path resultsDirectory, Redactor redactor) {
    return new AllureLifecycle(
        new RedactingResultsWriter(new FileSystemResultsWriter(resultsDirectory), redactor));
  }

  /**
   * Where Allure writes results: {@code allure.results.directory} (system property or
   * allure.properties).
   */
  public static Path resultsDirectory() {
    return Path.of(
        PropertiesUtils.loadAllureProperties()
            .getProperty("allure.results.directory", "allure-results"));
  }

  private static PrintStream redacting(PrintStream stream, Redactor redactor) {
    return RedactingOutputStream.printStream(stream, redactor);
  }
}
