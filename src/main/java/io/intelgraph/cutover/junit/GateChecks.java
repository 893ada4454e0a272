package io.intelgraph.cutover.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.decision.LedgerDecisionDesk;
import io.intelgraph.cutover.evidence.GateCheckEvidence;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.DecisionDesk;
import io.intelgraph.cutover.gate.GateCheckRun;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.HumanDecision;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.LedgerGateHistory;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.preflight.PolicyEngineGate;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.gates.GateCheckLine;
import io.intelgraph.cutover.runbook.gates.GateLineReport;
import io.intelgraph.cutover.runbook.gates.PhaseGateChecks;
import io.intelgraph.cutover.session.Phase;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * The gate checks of a phase as a check parameter, like {@link Environment}: the gate domain's
 * {@link GateCheckRun} over the ledger, each check's evidence attached to the Allure report, and
 * the verdict enforced as JUnit sees it (RED and YELLOW fail the check).
 *
 * <pre>{@code
 * @Test void errorRateCheck(GateChecks checks) {
 *   GateReport report = checks.check(Scope.CANARY);
 *   checks.requireGreen(report); // RED rolls back, YELLOW fails the check and changes nothing
 * }
 * }</pre>
 */
public final class GateChecks implements PhaseGateChecks, AutoCloseable {

  /** Where the evidence goes: the Allure report in a run. */
  @FunctionalInterface
  interface Attachments {
    void attach(String name, String type, String content, String extension);

    static Attachments allure() {
      return (name, type, content, extension) ->
          Allure.addAttachment(
              name,
              type,
              new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
              extension);
    }
  }

  private final Environment environment;
  private final GateCheckRun run;
  private final Clock clock;

  GateChecks(
      Environment environment,
      LedgerStore ledger,
      String phase,
      GateCheckRun.GateSource source,
      Attachments attachments,
      Clock clock) {
    this(environment, ledger, phase, source, attachments, clock, DecisionDesk.NOBODY);
  }

  /**
   * As above, with the desk where a check RED only because it stayed inconclusive waits for a
   * signed decision ({@code escalation.decide: approval}).
   */
  GateChecks(
      Environment environment,
      LedgerStore ledger,
      String phase,
      GateCheckRun.GateSource source,
      Attachments attachments,
      Clock clock,
      DecisionDesk desk) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(attachments, "attachments");
    this.run =
        new GateCheckRun(
            environment,
            new LedgerGateHistory(ledger),
            phase,
            source,
            report -> attach(attachments, report),
            clock,
            request -> decided(attachments, request, desk.await(request)));
  }

  /**
   * The checks of one phase against the environment's Prometheus and, unless {@code
   * preflight.opa_gate.enabled} is false, its policy engine ({@link PolicyEngineGate}); evidence to
   * Allure; an inconclusive RED waits for a decision recorded in the ledger ({@link
   * LedgerDecisionDesk}) when {@code escalation.decide} is {@code approval}.
   */
  static GateChecks forPhase(
      Environment environment, LedgerStore ledger, Phase phase, KubernetesClient kubernetes) {
    GateCheckRun.GateSource source = GateCheckRun.GateSource.prometheus(environment);
    if (environment.preflight().opaGate().enabled()) {
      source = source.and(PolicyEngineGate.forEnvironment(environment, kubernetes));
    }
    return new GateChecks(
        environment,
        ledger,
        phase.tag(),
        source,
        Attachments.allure(),
        Clock.systemUTC(),
        LedgerDecisionDesk.forEnvironment(environment, ledger));
  }

  /**
   * Evaluates every gate of {@code scope} now, appends one record per gate to the ledger (verdict
   * and streak over the gate's history including this evaluation), attaches the evidence and
   * returns it.
   */
  @Override
  public GateReport check(Scope scope) {
    return run.check(scope);
  }

  /**
   * Returns on GREEN; RED throws {@link RedVerdictException} (the wiring rolls back), YELLOW throws
   * {@link YellowVerdictException} (keep watching, change nothing). The message names each gate
   * with its value, threshold, time, streak, the rule that decided and the query.
   */
  public void requireGreen(GateReport report) {
    signal(GateCheckLine.verdict(LineReport.at(clock.instant()), report));
  }

  /**
   * What a gate-check line found, as JUnit must see it: a RED throws {@link RedVerdictException}
   * (the wiring rolls back, once per attempt), a YELLOW {@link YellowVerdictException}, an
   * inconclusive line {@link InconclusiveCheckException} (never a rollback, even of a critical
   * line), a skip aborts the line with its reason; each attaches the line's evidence first.
   * Otherwise the line's report is returned for the one assertion every line makes:
   *
   * <pre>{@code
   * assertThat(GateChecks.enforce(line.run(context, checks))).passed();
   * }</pre>
   */
  public static LineReport enforce(GateLineReport judged) {
    return enforce(judged, Attachments.allure());
  }

  static LineReport enforce(GateLineReport judged, Attachments attachments) {
    if (judged.signal() != GateLineReport.Signal.NONE) {
      judged
          .line()
          .evidence()
          .forEach(item -> attachments.attach(item.name(), "text/plain", item.text(), "txt"));
    }
    signal(judged);
    return judged.line();
  }

  private static void signal(GateLineReport judged) {
    switch (judged.signal()) {
      case NONE -> {}
      case RED -> throw new RedVerdictException(judged.reason());
      case YELLOW -> throw new YellowVerdictException(judged.reason());
      case INCONCLUSIVE -> throw new InconclusiveCheckException(judged.reason());
      case SKIP -> throw new TestAbortedException(judged.reason());
    }
  }

  /**
   * Checks {@code scope} until it is decided ({@link GateCheckRun#checkUntilDecided}): GREEN
   * returns the report; RED throws {@link RedVerdictException} at once; a YELLOW that never settles
   * within one follow-up per {@code gate_checks_at} entry throws {@link YellowVerdictException}, so
   * the caller does not advance.
   *
   * @param where what is being judged, for the progress lines, e.g. "canary at 40 %"
   */
  public GateReport checkUntilDecided(Scope scope, String where) {
    GateReport report = decide(scope, where);
    requireGreen(report);
    return report;
  }

  /**
   * Checks {@code scope} until it is decided, as {@link #checkUntilDecided} does, without enforcing
   * the verdict: a gate-check line reports it.
   */
  @Override
  public GateReport decide(Scope scope, String where) {
    return run.checkUntilDecided(scope, where, this::awaitNextCheck);
  }

  /**
   * Waits (bounded, with progress and the current verdicts) until {@code due}; returns at once if
   * it has passed.
   */
  @Override
  public void awaitNextCheck(Instant due, String alias) {
    Duration left = Duration.between(clock.instant(), due);
    if (left.isNegative() || left.isZero()) return;
    BoundedWait.named(alias + " (due " + due + ")")
        .atMost(left.plusSeconds(5))
        .pollEvery(Duration.ofMillis(200))
        .progressEvery(environment.cadence().progressEvery())
        .status(this::status)
        .until(() -> !clock.instant().isBefore(due));
  }

  /** When this phase's checks may judge: the fresh window, the follow-up interval, the soak. */
  @Override
  public CheckCadence cadence() {
    return run.cadence();
  }

  /** The latest check of this process, for progress lines. */
  public Optional<GateReport> last() {
    return run.last();
  }

  /** The current gate verdicts as one status line, for a {@link BoundedWait}. */
  public String status() {
    return run.status();
  }

  /** A decision the check took reaches the evidence with who, when, what and its statement. */
  private static Optional<HumanDecision> decided(
      Attachments attachments, DecisionDesk.Request request, Optional<HumanDecision> decision) {
    decision.ifPresent(
        made ->
            attachments.attach(
                "decision on " + request.label(),
                "text/plain",
                "%s on %s (%s)%nsigned statement (compact JWS, verifies with %s's public key in closeout.approvals.roles):%n%s%n"
                    .formatted(
                        made.describe(),
                        request.label(),
                        String.join(", ", request.gates()),
                        made.role(),
                        made.statement()),
                "txt"));
    return decision;
  }

  private static void attach(Attachments attachments, GateReport report) {
    String name = GateCheckEvidence.title(report);
    attachments.attach(
        name + " (evidence)", "application/json", GateCheckEvidence.json(report), "json");
    attachments.attach(name, "text/markdown", GateCheckEvidence.markdown(report), "md");
  }

  @Override
  public void close() {
    run.close();
  }
}
