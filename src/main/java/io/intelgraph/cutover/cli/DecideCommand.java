package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.approval.ApprovalException;
import io.intelgraph.cutover.approval.Decision;
import io.intelgraph.cutover.approval.DecisionStatement;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.decision.DecisionEvents;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerException;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.session.CutoverWiring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code decide}: a person's signed decision on a gate check that waits because it stayed
 * inconclusive ({@code escalation.decide: approval}): GO continues the cutover, ROLLBACK makes the
 * check RED now. Signed with the role's key, like {@code approve}, over the release, the ledger's
 * attempt, the phase, the check, its gates and the decision; recorded in the cutover's ledger,
 * where the waiting run reads and verifies it.
 *
 * <pre>
 * java -jar target/maestro-cutover.jar decide --config environments/prod.yaml --phase ramp --check 3 \
 *     --gate auth_error_ratio --decision GO --role platform-lead --key ~/.keys/platform-lead.jwk.json --by alice
 * </pre>
 *
 * <p>The statement is verified here before it is recorded (the role may decide, the key is the
 * role's), so a person learns at once that it would be refused.
 */
@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    description =
        "Sign a GO or ROLLBACK on a gate check waiting because it stayed inconclusive, and record it in the ledger.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the decision is recorded; the waiting check reads it at its next poll",
      "3:usage or configuration error (options, key, a role that may not decide, the ledger)"
    })
final class DecideCommand implements Callable<Integer> {

  static final int RECORDED = 0;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "environment YAML file (layered over the built-in defaults, like -Dcutover.config)")
  Path config;

  @Option(
      names = "--decision",
      required = true,
      paramLabel = "GO|ROLLBACK",
      description = "GO: continue the cutover; ROLLBACK: the check is RED now and rolls back")
  Decision.Choice decision;

  @Option(
      names = "--phase",
      required = true,
      paramLabel = "PHASE",
      description = "the phase of the waiting check, as its progress line names it, e.g. ramp")
  String phase;

  @Option(
      names = "--check",
      required = true,
      paramLabel = "N",
      description = "the number of the waiting check within its phase, e.g. 3")
  int check;

  @Option(
      names = "--gate",
      required = true,
      paramLabel = "GATE",
      description = "a gate the check waits on, repeatable: name every one the progress line lists")
  List<String> gates = new ArrayList<>();

  @Option(
      names = "--role",
      required = true,
      paramLabel = "ROLE",
      description = "the role you decide as, one of escalation.roles, e.g. platform-lead")
  String role;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "your role's private key: a JWK or PKCS#8 PEM file, as for approve")
  Path key;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "who decides (default: the user running the command)")
  String by;

  @Spec CommandSpec spec;

  private final Clock clock;

  DecideCommand() {
    this(Clock.systemUTC());
  }

  DecideCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Environment environment = EnvironmentOptions.loader(config).load();
    if (!environment.escalation().byApproval()) {
      err.printf(
          "decide: %s has escalation.decide: %s, so no check waits for a decision; set escalation.decide: approval%n",
          config, environment.escalation().decide().name().toLowerCase(java.util.Locale.ROOT));
      return CutoverCommand.USAGE;
    }
    String who =
        by != null && !by.isBlank() ? by.strip() : System.getProperty("user.name", "unknown");
    try (CutoverWiring wiring = CutoverWiring.open(environment)) {
      LedgerStore store = wiring.ledger();
      Ledger current = store.read();
      int recorded = current.checks(phase.strip()).size();
      if (check <= recorded) {
        throw new IllegalArgumentException(
            "decide --check %d: %s check #%d is already recorded in %s (%d %s checks so far); decide the check that waits now, as its progress line names it"
                .formatted(check, phase, check, store.location(), recorded, phase));
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Decision made =
          new Decision(
              current.releaseTag(),
              current.attemptId(),
              phase.strip(),
              check,
              gates.stream().map(String::strip).toList(),
              decision,
              role.strip(),
              who,
              now);
      String statement =
          DecisionStatement.sign(made, SigningKey.parse(ApproveCommand.readKey("decide", key)));
      // refused here rather than only by the waiting run: the person learns it now
      DecisionStatement.verify(
          statement, environment.closeout().approvals(), environment.escalation().roles(), now);
      store.update(
          ledger -> {
            if (!ledger.attemptId().equals(made.attemptId())) {
              throw new IllegalStateException(
                  "the ledger moved to attempt %s while deciding on attempt %s; run decide again"
                      .formatted(ledger.attemptId(), made.attemptId()));
            }
            return ledger.withEvent(DecisionEvents.event(made, statement));
          });
      out.printf(
          "DECIDED %s%nrecorded in %s; the waiting check verifies it with %s's public key%n",
          made.describe(), store.location(), made.role());
      out.flush();
      return RECORDED;
    } catch (IllegalArgumentException
        | IllegalStateException
        | EvidenceException
        | ApprovalException
        | LedgerException e) {
      err.println("decide: " + e.getMessage());
      return CutoverCommand.USAGE;
    }
  }
}
