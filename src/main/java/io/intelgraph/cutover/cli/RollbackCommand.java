package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.LedgerException;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.rollback.Rollback;
import io.intelgraph.cutover.rollback.RollbackHeldException;
import io.intelgraph.cutover.rollback.RollbackOutcome;
import io.intelgraph.cutover.rollback.RollbackReadiness;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.session.CutoverWiring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollback}: the runbook's "emergency rollback, no debate", by hand. Runs the same plan as a
 * RED in the run of show, on the same ledger (file or ConfigMap, as the environment's {@code
 * ledger.*} says), and records who and why. It retries a FAILED rollback, completes one whose
 * runner died (lease expired), does nothing over a DONE one, and refuses to run over a live lease.
 *
 * <pre>
 * java -jar target/maestro-cutover.jar rollback --config environments/prod.yaml \
 *     --reason "5xx on checkout after the 60 % step" --by alice
 * java -jar target/maestro-cutover.jar rollback --config environments/prod.yaml --check   # could it run? changes nothing
 * </pre>
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Run the rollback plan by hand and record who and why; retries a FAILED rollback, completes one whose runner died.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the rollback is DONE (now, or already): the traffic is back and stable was proven healthy; with --check: it can execute",
      "2:the rollback FAILED, ended DONE_UNHEALTHY (stable not proven healthy), or did not run (another run holds a live lease, the ledger is unusable); with --check: it could not execute",
      "3:usage or configuration error"
    })
final class RollbackCommand implements Callable<Integer> {

  static final int DONE = 0;
  static final int FAILED = 2;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "environment YAML file (layered over the built-in defaults, like -Dcutover.config)")
  Path config;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "why, in words; recorded in the ledger and sent to the script and webhook (required unless --check)")
  String reason;

  @Option(
      names = "--check",
      description =
          "change nothing: check the rollback could execute now (the API server allows every request it makes,"
              + " the script exists and is executable, stable can take all traffic back), as the T-15 line does")
  boolean check;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "who asks for it (default: the user running the command)")
  String by;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      converter = TimeConverters.DurationConverter.class,
      description =
          "over a live lease, wait this long for it to finish or lapse before refusing, e.g. 2m (default: refuse at once)")
  Duration waitForLease;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (check) return check();
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "rollback --reason is missing or blank; say why, e.g. --reason \"5xx on checkout after the 60 % step\""
              + " (or --check to only check the rollback could run)");
    }
    String who =
        by != null && !by.isBlank() ? by.strip() : System.getProperty("user.name", "unknown");
    Environment environment = EnvironmentOptions.loader(config).load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // opening the wiring registers the secrets: the reason and everything printed are redacted,
    // since the ledger and CI logs outlive the run
    try (CutoverWiring wiring = CutoverWiring.open(environment)) {
      Redactor redactor = new Redactor(SecretRegistry.run());
      LedgerStore ledger = wiring.ledger();
      Rollback rollback = wiring.rollback("rollback-command");
      RollbackOutcome outcome =
          rollback.byHand(
              redactor.redact(reason.strip()),
              who,
              waitForLease == null ? Duration.ZERO : waitForLease);
      out.println(redactor.redact(outcome.describe()));
      out.printf("ledger: %s%n", ledger.location());
      out.flush();
      return outcome.succeeded() ? DONE : FAILED;
    } catch (RollbackHeldException e) {
      err.println("rollback: " + new Redactor(SecretRegistry.run()).redact(e.getMessage()));
      return FAILED;
    } catch (LedgerException e) {
      err.println(
          ("rollback: not run, the ledger cannot be used: %s. If the cutover must be undone now, run the runbook's"
                  + " emergency rollback script by hand and record it once the ledger is fixed")
              .formatted(new Redactor(SecretRegistry.run()).redact(e.getMessage())));
      return FAILED;
    }
  }

  /**
   * {@code --check}: the T-15 line "Rollback can execute", by hand; nothing is changed, nothing
   * recorded.
   */
  private int check() {
    Environment environment = EnvironmentOptions.loader(config).load();
    PrintWriter out = spec.commandLine().getOut();
    try (CutoverWiring wiring = CutoverWiring.open(environment)) {
      Redactor redactor = new Redactor(SecretRegistry.run());
      RollbackReadiness.Report report =
          RollbackReadiness.of(environment, wiring.kubernetes()).check();
      out.println("rollback --check " + redactor.redact(report.describe()));
      out.flush();
      return report.problems().isEmpty() ? DONE : FAILED;
    }
  }
}
