package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.support.HttpClients;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: a thin dispatcher over subcommands, one per job.
 *
 * <pre>
 * java -jar target/maestro-cutover.jar gates --config environments/prod.yaml --scope canary
 * java -jar target/maestro-cutover.jar replay --config prod.yaml --from 2026-11-27T14:00:00Z --to 2026-11-27T18:00:00Z --step 15m
 * java -jar target/maestro-cutover.jar rollback --config prod.yaml --reason "5xx on checkout" --by alice
 * java -jar target/maestro-cutover.jar approve --release v1.0.0-GA --role sre-lead --key sre-lead.jwk.json --evidence cutover-evidence-v1.0.0-GA.zip
 * </pre>
 *
 * <p>Exit codes: 0 GREEN, 1 YELLOW, 2 RED, 3 a usage or configuration error. Nothing that went
 * wrong while asking Prometheus exits 0: it is an {@code ERROR} outcome and judged by the rules.
 */
@Command(
    name = "maestro-cutover",
    mixinStandardHelpOptions = true,
    versionProvider = CutoverCommand.Version.class,
    description = "Conducts and verifies the production cutover.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:GREEN (rollback: DONE)",
      "1:YELLOW",
      "2:RED (rollback: FAILED or not run)",
      "3:usage or configuration error"
    })
public final class CutoverCommand implements Runnable {

  /** A usage or configuration error: distinct from every verdict. */
  public static final int USAGE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Every subcommand by name, in the order the usage lists them. Built on demand: picocli reads a
   * command's annotations by reflection when it is added, so a run adds only the subcommand it
   * names (a cold {@code gates} never builds the model of {@code approve} or loads its classes);
   * anything else (no subcommand, {@code --help}, {@code help}, a typo) gets all of them.
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  // lambdas, not constructor references: a reference resolves its class when the map is built, so
  // every command class (and the classes its signature names) would load on every run
  @SuppressWarnings("Convert2MethodRef")
  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("gates", () -> new GatesCommand());
    all.put("replay", () -> new ReplayCommand());
    all.put("goldens", () -> new GoldensCommand());
    all.put("verify-evidence", () -> new VerifyEvidenceCommand());
    all.put("rollback", () -> new RollbackCommand());
    all.put("help", () -> new CommandLine.HelpCommand());
    all.put("approve", () -> new ApproveCommand());
    all.put("decide", () -> new DecideCommand());
    return Collections.unmodifiableMap(all);
  }

  public static void main(String[] args) {
    HttpClients.shareCompletionPool(); // before anything starts the common pool
    QuickExit.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    StartupTimings.start();
    if (args.length > 0) Warmup.startFor(args[0]);
    int exit = commandLine(out, err, args).execute(args);
    StartupTimings.print(err);
    return exit;
  }

  /**
   * The command line for {@code args}: with only the subcommand they name, or with all (see {@link
   * #SUBCOMMANDS}).
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(new CutoverCommand());
    Supplier<Object> named =
        args.length == 0 || "help".equals(args[0]) ? null : SUBCOMMANDS.get(args[0]);
    if (named != null) {
      line.addSubcommand(args[0], named.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> line.addSubcommand(name, command.get()));
    }
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setOut(out);
    line.setErr(err);
    line.setParameterExceptionHandler(
        (e, ignoredArgs) -> {
          err.println(e.getMessage());
          e.getCommandLine().usage(err);
          return USAGE;
        });
    line.setExecutionExceptionHandler(
        (e, commandLine, ignoredResult) -> {
          if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
            err.println("maestro-cutover: " + e.getMessage());
            return USAGE;
          }
          throw e;
        });
    return line;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "choose a subcommand: gates, replay, goldens, verify-evidence or rollback");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CutoverCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "maestro-cutover " + (version == null ? "(development build)" : version)
      };
    }
  }
}
