package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.rollback.Rollback;
import io.intelgraph.cutover.runbook.evidence.EvidenceCollection;
import io.intelgraph.cutover.session.CutoverWiring;
import io.intelgraph.cutover.session.Phase;
import io.intelgraph.cutover.session.PhaseTable;
import io.intelgraph.cutover.warroom.WarRoomMessage;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Decides whether a phase, and each check in it, may run. The phase as a whole: before its first
 * check ({@link BeforeAllCallback}) it is judged against {@link PhaseTable} from the ledger, and a
 * refusal is printed and fails the class with {@link PhaseRefusedException}, so the build fails: a
 * T+120 evidence phase is also refused while a gate check of the locked attempt is still due
 * ({@link EvidenceCollection#refusal}, unless {@code evidence.allow_partial}); a refused phase is
 * never green and never merely skipped. Each check: not after this attempt was rolled back by an
 * earlier check (unless the phase runs after a rollback, as evidence does), and not after a {@link
 * Blocking} check of the same class failed; both are skips with the reason, the failure that caused
 * them already fails the phase.
 */
final class PhaseGuard
    implements BeforeAllCallback, ExecutionCondition, AfterTestExecutionCallback {

  private static final String BLOCKED = "blocked";

  @Override
  public void beforeAll(ExtensionContext context) {
    CutoverSession session = CutoverExtension.session(context);
    Phase phase = CutoverExtension.phase(context);
    Ledger ledger = session.ledger().read();
    Optional<String> refusal =
        PhaseTable.refusal(phase, ledger, session.environment().name())
            .or(
                () ->
                    phase == Phase.EVIDENCE
                        ? EvidenceCollection.refusal(
                            session.environment(), ledger, session.clock().instant())
                        : Optional.empty());
    if (refusal.isPresent()) {
      // on the console at once, not only in the failure summary at the end of the build
      System.out.printf(
          "%n*** PHASE %s REFUSED (%s) ***%n%s%n%n",
          phase.tag().toUpperCase(java.util.Locale.ROOT),
          context.getRequiredTestClass().getSimpleName(),
          refusal.get());
      session
          .warRoom()
          .post(
              "phase %s refused".formatted(phase.tag()),
              "REFUSED",
              WarRoomMessage.figuresOf(
                  "reason",
                  refusal.get(),
                  "class",
                  context.getRequiredTestClass().getSimpleName()));
      throw new PhaseRefusedException(refusal.get());
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled(
          "the phase as a whole is judged before its first check, and a refusal fails it");
    }
    CutoverSession.Holder holder = CutoverExtension.holder(context);
    if (holder.failed()) {
      return ConditionEvaluationResult.enabled(
          "the environment did not load; the phase fails with the reason before any check");
    }
    CutoverSession session = holder.session();
    boolean runsAfterRollback =
        PhaseTable.TABLE.get(CutoverExtension.phase(context)).runsAfterRollback();
    Optional<RollbackRecord> rollback =
        session.ledger().read().rollback().filter(RollbackRecord::claimedByARunner);
    if (rollback.isPresent() && !runsAfterRollback) {
      return ConditionEvaluationResult.disabled(
          "refused: release %s was rolled back, %s.%s Later checks do not run after a rollback; start a new attempt with -D%s=new"
              .formatted(
                  session.environment().release().tag(),
                  rollback.get().summary(),
                  Rollback.whatNext(rollback.get()),
                  CutoverWiring.ATTEMPT_PROPERTY));
    }
    String blocked =
        CutoverExtension.classContext(context)
            .getStore(CutoverExtension.NAMESPACE)
            .get(BLOCKED, String.class);
    if (blocked != null) {
      return ConditionEvaluationResult.disabled("skipped: blocking check " + blocked);
    }
    return ConditionEvaluationResult.enabled(
        rollback.isPresent()
            ? "runs after a rollback to document it"
            : "no rollback recorded for this attempt");
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    boolean blocking = AnnotationSupport.isAnnotated(context.getTestMethod(), Blocking.class);
    Optional<Throwable> failure =
        context.getExecutionException().filter(e -> !(e instanceof TestAbortedException));
    if (blocking && failure.isPresent()) {
      String message = String.valueOf(failure.get().getMessage()).lines().findFirst().orElse("");
      CutoverExtension.classContext(context)
          .getStore(CutoverExtension.NAMESPACE)
          .put(
              BLOCKED,
              "'%s' failed: %s".formatted(context.getRequiredTestMethod().getName(), message));
    }
  }
}
