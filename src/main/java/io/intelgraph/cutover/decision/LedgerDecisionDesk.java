package io.intelgraph.cutover.decision;

import io.intelgraph.cutover.approval.ApprovalException;
import io.intelgraph.cutover.approval.Decision;
import io.intelgraph.cutover.approval.DecisionStatement;
import io.intelgraph.cutover.config.Approvals;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Escalation;
import io.intelgraph.cutover.gate.DecisionDesk;
import io.intelgraph.cutover.gate.Durations;
import io.intelgraph.cutover.gate.HumanDecision;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The decision desk of a run: polls the ledger (file or ConfigMap, so the {@code decide} command
 * may run anywhere that reaches it) for a decision on the waiting check, verifies its signature and
 * role, and refuses, keeping on waiting, one that does not hold, saying why once.
 *
 * <pre>{@code
 * DecisionDesk desk = LedgerDecisionDesk.forEnvironment(environment, store);
 * }</pre>
 */
public final class LedgerDecisionDesk implements DecisionDesk {

  private final LedgerStore store;
  private final Escalation escalation;
  private final Approvals approvals;
  private final Duration poll;
  private final Duration progressEvery;
  private final Clock clock;
  private final PrintStream log;

  LedgerDecisionDesk(
      LedgerStore store,
      Escalation escalation,
      Approvals approvals,
      Duration poll,
      Duration progressEvery,
      Clock clock,
      PrintStream log) {
    this.store = Objects.requireNonNull(store, "store");
    this.escalation = Objects.requireNonNull(escalation, "escalation");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.poll = Objects.requireNonNull(poll, "poll");
    this.progressEvery = Objects.requireNonNull(progressEvery, "progress every");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** The desk of the run: the environment's escalation and approval keys, progress to stdout. */
  public static LedgerDecisionDesk forEnvironment(Environment environment, LedgerStore store) {
    return new LedgerDecisionDesk(
        store,
        environment.escalation(),
        environment.closeout().approvals(),
        Duration.ofMillis(500),
        environment.cadence().progressEvery(),
        Clock.systemUTC(),
        System.out);
  }

  @Override
  public Optional<HumanDecision> await(Request request) {
    Ledger ledger = store.read();
    String command = command(request);
    String gates = String.join(", ", request.gates());
    log.printf(
        "[cutover] %s is RED only because %s stayed inconclusive (%s): waiting up to %s for a signed GO or ROLLBACK by %s; decide with: %s%n",
        request.label(),
        gates,
        request.undecided().stream()
            .map(v -> v.gate() + " " + v.latest().outcome())
            .collect(Collectors.joining(", ")),
        Durations.human(escalation.decisionTimeout()),
        String.join(" or ", escalation.roles()),
        command);
    Set<String> refused = new HashSet<>();
    AtomicReference<HumanDecision> found = new AtomicReference<>();
    try {
      BoundedWait.named("%s awaits a decision on %s".formatted(request.label(), gates))
          .atMost(escalation.decisionTimeout())
          .pollEvery(poll)
          .progressEvery(progressEvery)
          .status(() -> "nobody decided yet; decide with: " + command)
          .printingTo(log)
          .until(
              () -> {
                find(request, ledger.releaseTag(), ledger.attemptId(), refused)
                    .ifPresent(found::set);
                return found.get() != null;
              });
    } catch (WaitTimeoutException e) {
      log.printf(
          "[cutover] %s: nobody decided within %s (escalation.decision_timeout): RED%n",
          request.label(), Durations.human(escalation.decisionTimeout()));
      return Optional.empty();
    }
    log.printf("[cutover] %s decided: %s%n", request.label(), found.get().describe());
    return Optional.of(found.get());
  }

  /**
   * The latest valid decision on {@code request} in the ledger now; each refused one is logged
   * once, with why.
   */
  private Optional<HumanDecision> find(
      Request request, String release, String attemptId, Set<String> refused) {
    Decision valid = null;
    String validStatement = null;
    for (DecisionEvents.Recorded recorded : DecisionEvents.of(store.read())) {
      if (!recorded
              .event()
              .subject()
              .equals(DecisionEvents.subject(request.phase(), request.check()))
          || refused.contains(recorded.statement())) {
        continue; // another check's decision, or already refused
      }
      try {
        Decision decision =
            DecisionStatement.verify(
                recorded.statement(), approvals, escalation.roles(), clock.instant());
        String wrong = mismatch(decision, request, release, attemptId);
        if (wrong != null) throw new ApprovalException(wrong);
        if (valid == null || !decision.signedAt().isBefore(valid.signedAt())) {
          valid = decision;
          validStatement = recorded.statement();
        }
      } catch (ApprovalException e) {
        refused.add(recorded.statement());
        log.printf(
            "[cutover] %s: refused a decision recorded at %s, still waiting: %s%n",
            request.label(), recorded.event().at(), e.getMessage());
      }
    }
    if (valid == null) return Optional.empty();
    Decision taken = valid;
    String statement = validStatement;
    store.update(
        ledger -> ledger.withEvent(DecisionEvents.accepted(taken, statement, clock.instant())));
    return Optional.of(
        new HumanDecision(
            HumanDecision.Choice.valueOf(taken.choice().name()),
            taken.decidedBy(),
            taken.role(),
            taken.signedAt(),
            statement));
  }

  /** Why a verified decision is not one on this check, or null when it is. */
  private String mismatch(Decision decision, Request request, String release, String attemptId) {
    if (!decision.release().equals(release)) {
      return "it decides release %s, not %s".formatted(decision.release(), release);
    }
    if (!decision.attemptId().equals(attemptId)) {
      return "it decides attempt %s, not this attempt %s; decide again for this one"
          .formatted(decision.attemptId(), attemptId);
    }
    if (!decision.phase().equals(request.phase()) || decision.check() != request.check()) {
      return "it decides %s check #%d, not %s"
          .formatted(decision.phase(), decision.check(), request.label());
    }
    if (!decision.gates().containsAll(request.gates())) {
      return "it decides %s, but the check waits on %s; name every one with --gate"
          .formatted(decision.gates(), request.gates());
    }
    if (decision.signedAt().plus(approvals.clockSkew()).isBefore(request.at())) {
      return "it was signed at %s, before the check it decides was made (%s): a decision is made on what the check saw"
          .formatted(decision.signedAt(), request.at());
    }
    return null;
  }

  /** The command a person runs to decide, with this check's phase, number and gates filled in. */
  static String command(Request request) {
    return "java -jar maestro-cutover.jar decide --config ENVIRONMENT.yaml --phase %s --check %d %s --decision GO|ROLLBACK --role ROLE --key PRIVATE_KEY --by NAME"
        .formatted(
            request.phase(),
            request.check(),
            request.gates().stream().map(g -> "--gate " + g).collect(Collectors.joining(" ")));
  }
}
