package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.support.CommandResult;
import io.intelgraph.cutover.support.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A runbook step the suite performs by running a configured command ({@code deploy.canary_command},
 * {@code deploy.lock_command}): run in drive mode only, through the house's {@link CommandRunner}
 * (no shell, bounded, killed on expiry), with the release, environment, attempt and namespace in
 * its environment; its result and output attached to the line's report redacted, and recorded in
 * the ledger as an event of kind {@value #KIND} (facts {@code exit_code}, {@code duration_ms},
 * {@code status}) that {@link Run#all} reads back. A command that is not configured in drive mode
 * makes the line NOT_CONFIGURED naming the key; in observe mode nothing runs and the report says
 * the step is someone else's.
 *
 * <pre>{@code
 * ConfiguredCommand deploy = new ConfiguredCommand("canary deploy", "deploy.canary_command",
 *     env.deploy().canaryCommand(), "deploy.canary_timeout", env.deploy().canaryTimeout());
 * if (!deploy.perform(context, report)) return report.judged();
 * }</pre>
 */
public final class ConfiguredCommand {

  /** The ledger event kind of a configured command's run. */
  public static final String KIND = "command";

  private final String subject;
  private final String key;
  private final Optional<String> command;
  private final String timeoutKey;
  private final Duration timeout;
  private final Path workingDirectory;

  /**
   * @param subject what the command does, for people and the ledger ({@code canary deploy})
   * @param key its configuration key ({@code deploy.canary_command})
   * @param timeoutKey the key of its bound ({@code deploy.canary_timeout}), named when it expires
   */
  public ConfiguredCommand(
      String subject, String key, Optional<String> command, String timeoutKey, Duration timeout) {
    this(subject, key, command, timeoutKey, timeout, Path.of(""));
  }

  /**
   * As above, run in {@code workingDirectory} (the suite's own in a run, a temporary one in tests).
   */
  ConfiguredCommand(
      String subject,
      String key,
      Optional<String> command,
      String timeoutKey,
      Duration timeout,
      Path workingDirectory) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.key = Objects.requireNonNull(key, "key");
    this.command = Objects.requireNonNull(command, "command");
    this.timeoutKey = Objects.requireNonNull(timeoutKey, "timeoutKey");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.workingDirectory = workingDirectory;
  }

  /**
   * Performs the step in drive mode, adding its evidence to {@code report}, and a problem (or, when
   * the command is not configured, the not-configured reason) when it did not succeed; in observe
   * mode only notes that the step is someone else's. True when the line may go on to verify what
   * the step produced (it ran and exited 0, or the mode is observe).
   */
  public boolean perform(LineContext context, LineReport.Builder report) {
    Environment env = context.environment();
    if (env.mode() == io.intelgraph.cutover.config.Mode.OBSERVE) {
      report.evidence(
          subject,
          "observe mode: %s is not run by the suite (%s is whoever drives the cutover's); verifying what it produced"
              .formatted(key, subject));
      return true;
    }
    if (command.isEmpty()) {
      report.notConfigured(
          "%s: environment %s is in drive mode but has no %s; set it to the runbook's command (or run with mode: observe when someone else deploys)"
              .formatted(subject, env.name(), key));
      return false;
    }
    Redactor redactor = new Redactor(SecretRegistry.run());
    Instant started = context.now();
    String attempt = context.ledger().read().attemptId();
    CommandResult result;
    try {
      result =
          new CommandRunner(workingDirectory, timeout)
              .run(
                  command.get(),
                  Map.of(
                      "CUTOVER_RELEASE_TAG", env.release().tag(),
                      "CUTOVER_ENV", env.name(),
                      "CUTOVER_ATTEMPT", attempt,
                      "CUTOVER_NAMESPACE", env.cluster().namespace()));
    } catch (InterruptedException e) {
      // the run is being stopped: the command was killed; say so and let the caller stop too
      Thread.currentThread().interrupt();
      report.problem(
          "%s: `%s` was interrupted and killed (%s)", subject, redactor.redact(command.get()), key);
      return false;
    }
    String what = redactor.redact(result.describe());
    String output = redactor.redact(result.output());
    report.evidence("%s (%s)".formatted(subject, key), what);
    report.evidence(
        "%s output (stdout and stderr, redacted)".formatted(subject),
        output.isEmpty() ? "(none)" : output);
    switch (result.status()) {
      case NOT_STARTED ->
          report.problem(
              "%s: %s; check %s, that the file exists in %s and is executable",
              subject, what, key, result.workingDirectory());
      case TIMED_OUT ->
          report.problem(
              "%s: %s; find what it waited on in its output below, or raise %s",
              subject, what, timeoutKey);
      case EXITED ->
          report.problemIf(
              result.exitCode() != 0,
              "%s: %s (%s); its output says why: %s",
              subject,
              what,
              key,
              io.intelgraph.cutover.support.Excerpts.of(output));
    }
    LedgerEvent event =
        new LedgerEvent(
            KIND,
            subject,
            started,
            result.succeeded(),
            what,
            Map.of(
                "exit_code", String.valueOf(result.exitCode()),
                "duration_ms", String.valueOf(result.duration().toMillis()),
                "status", result.status().name().toLowerCase(java.util.Locale.ROOT)));
    context.ledger().update(l -> l.withEvent(event));
    return result.succeeded();
  }

  /**
   * One configured command's run as the ledger recorded it.
   *
   * @param exitCode the exit code, -1 when it did not exit (timed out, never started)
   */
  public record Run(
      String subject, Instant at, boolean ok, int exitCode, Duration duration, String detail) {

    /** Every configured command this attempt ran, oldest first. */
    public static List<Run> all(Ledger ledger) {
      return ledger.events(KIND).stream()
          .map(
              e ->
                  new Run(
                      e.subject(),
                      e.at(),
                      e.ok(),
                      Integer.parseInt(e.facts().getOrDefault("exit_code", "-1")),
                      Duration.ofMillis(Long.parseLong(e.facts().getOrDefault("duration_ms", "0"))),
                      e.detail()))
          .toList();
    }
  }
}
