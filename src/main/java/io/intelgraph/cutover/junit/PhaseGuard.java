package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.rollback.Rollback;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Decides whether a phase, and each check in it, may run: never after this attempt was rolled back
 * (the ledger says so, whichever runner did it), and not after a {@link Blocking} check of the same
 * class failed, and not before the phase it builds on passed: the ramp needs a canary phase that
 * passed (a ramp never starts from a canary nobody judged GREEN), and neither the baselines, the
 * preflight nor the canary step run again once the traffic moved past them. A refused phase is recorded in the ledger as REFUSED, with the reason.
 */
final class PhaseGuard implements ExecutionCondition, AfterTestExecutionCallback {

  private static final String BLOCKED = "blocked";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    CutoverSession.Holder holder = CutoverExtension.holder(context);
    if (holder.failed()) {
      return ConditionEvaluationResult.enabled("the environment did not load; the phase fails with the reason before any check");
    }
    CutoverSession session = holder.session();
    Optional<RollbackRecord> rollback = session.ledger().read().rollback().filter(RollbackRecord::claimedByARunner);
    if (rollback.isPresent()) {
      String reason = "refused: release %s was rolled back, %s.%s Later phases do not run after a rollback; start a new attempt with -D%s=new"
          .formatted(session.environment().release().tag(), rollback.get().summary(), Rollback.whatNext(rollback.get()), CutoverSession.ATTEMPT_PROPERTY);
      if (context.getTestMethod().isEmpty()) {
        recordRefusal(context, session, reason);
      }
      return ConditionEvaluationResult.disabled(reason);
    }
    if (context.getTestMethod().isEmpty() && context.getTestClass().isPresent()) {
      Optional<String> missing = prerequisiteMissing(CutoverExtension.phase(context), session.ledger().read());
      if (missing.isPresent()) {
        recordRefusal(context, session, missing.get());
        return ConditionEvaluationResult.disabled(missing.get());
      }
    }
    String blocked = CutoverExtension.classContext(context).getStore(CutoverExtension.NAMESPACE).get(BLOCKED, String.class);
    if (blocked != null && context.getTestMethod().isPresent()) {
      return ConditionEvaluationResult.disabled("skipped: blocking check " + blocked);
    }
    return ConditionEvaluationResult.enabled("no rollback recorded for this attempt");
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    boolean blocking = AnnotationSupport.isAnnotated(context.getTestMethod(), Blocking.class);
    Optional<Throwable> failure = context.getExecutionException().filter(e -> !(e instanceof TestAbortedException));
    if (blocking && failure.isPresent()) {
      String message = String.valueOf(failure.get().getMessage()).lines().findFirst().orElse("");
      CutoverExtension.classContext(context).getStore(CutoverExtension.NAMESPACE)
          .put(BLOCKED, "'%s' failed: %s".formatted(context.getRequiredTestMethod().getName(), message));
    }
  }

  /** The phase that must have passed before this one may run. */
  static Optional<Phase> prerequisite(Phase phase) {
    return switch (phase) {
      case RAMP -> Optional.of(Phase.CANARY);
      default -> Optional.empty();
    };
  }

  /** Why the phase may not run yet, judged from the ledger: its prerequisite never ran, or did not pass. */
  static Optional<String> prerequisiteMissing(Phase phase, Ledger ledger) {
    // phases that move traffic forward never run again over a cutover that went past them: a re-run
    // would take baselines or check the stable track at 100 % canary, or send a locked release back to its canary weight
    if (!ledger.traffic().isEmpty() && (phase == Phase.BASELINE || phase == Phase.PREFLIGHT || phase == Phase.CANARY && ledger.traffic().stream()
        .anyMatch(step -> !step.phase().equals(Phase.CANARY.tag())))) {
      var moved = ledger.traffic().get(ledger.traffic().size() - 1);
      return Optional.of(("refused: the %s phase comes before the traffic moves past it, but attempt %s already has the canary at %d %%"
          + " (%s, since %s); start a new attempt with -D%s=new").formatted(phase.tag(), ledger.attemptId(), moved.canaryPercent(),
          moved.phase(), moved.at(), CutoverSession.ATTEMPT_PROPERTY));
    }
    Optional<Phase> before = prerequisite(phase);
    if (before.isEmpty()) return Optional.empty();
    List<PhaseResult> results = ledger.latestResults(before.get().tag());
    if (results.isEmpty()) {
      return Optional.of(("refused: the %s phase needs a %s phase that passed, and attempt %s has none in the ledger;"
          + " run -Dgroups=%s first").formatted(phase.tag(), before.get().tag(), ledger.attemptId(), before.get().tag()));
    }
    List<PhaseResult> notPassed = results.stream().filter(r -> r.status() != PhaseResult.Status.PASSED).toList();
    if (!notPassed.isEmpty()) {
      PhaseResult first = notPassed.get(0);
      return Optional.of("refused: the %s phase needs a %s phase that passed, but %s ended %s at %s (%s); fix it and re-run -Dgroups=%s"
          .formatted(phase.tag(), before.get().tag(), first.source(), first.status(), first.finished(), first.summary(), before.get().tag()));
    }
    return Optional.empty();
  }

  private static void recordRefusal(ExtensionContext context, CutoverSession session, String reason) {
    Instant now = Instant.now();
    PhaseResult refused = new PhaseResult(CutoverExtension.phase(context).tag(), context.getRequiredTestClass().getName(),
        PhaseResult.Status.REFUSED, now, now, reason);
    session.ledger().update(ledger -> ledger.withPhase(refused));
  }
}
