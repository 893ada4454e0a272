package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.rollback.RollbackOutcome;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.warroom.WarRoomMessage;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Turns a RED check into the rollback (and tells the war room, when one is configured): a {@link
 * RedVerdictException}, or any failure of a {@link Critical} check, triggers the rollback plan (the
 * ledger makes sure it runs once per attempt), and the check fails with the RED reason plus what
 * the rollback did. Anything else (YELLOW, a plain assertion failure, an {@link
 * InconclusiveCheckException} even of a critical check) fails the check and changes nothing.
 */
final class RollbackOnRed implements TestExecutionExceptionHandler {

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    String redReason = redReason(context, failure);
    if (redReason == null) {
      throw failure;
    }
    // the reason goes into the ledger, which outlives the run: never a secret in it
    String reason = new Redactor(SecretRegistry.run()).redact(redReason);
    String triggeredBy =
        context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
    String report;
    try {
      CutoverSession session = CutoverExtension.session(context);
      // queued, not awaited: the rollback starts now, the war room hears RED before its start
      session
          .warRoom()
          .postInOrder(
              "RED: " + context.getDisplayName(),
              "RED",
              WarRoomMessage.figuresOf(
                  "reason", reason, "check", triggeredBy, "next", "rolling back"));
      RollbackOutcome outcome = session.rollback().trigger(reason, triggeredBy);
      report = outcome.describe();
    } catch (RuntimeException e) {
      RedVerdictException red =
          RedVerdictException.rolledBack(
              reason,
              "rollback could NOT be started: "
                  + e.getMessage()
                  + "; roll back by hand (runbook: ./scripts/cutover/emergency-rollback.sh full)",
              failure);
      red.addSuppressed(e);
      throw red;
    }
    throw RedVerdictException.rolledBack(reason, report, failure);
  }

  /** The RED reason, or null if this failure is not RED. */
  private static String redReason(ExtensionContext context, Throwable failure) {
    if (failure instanceof RedVerdictException red) {
      return red.reason();
    }
    if (failure instanceof TestAbortedException || failure instanceof InconclusiveCheckException) {
      return null; // a skip, or a check that could not observe: neither is evidence of harm
    }
    boolean critical =
        AnnotationSupport.isAnnotated(context.getTestMethod(), Critical.class)
            || AnnotationSupport.isAnnotated(context.getTestClass(), Critical.class);
    if (!critical) {
      return null;
    }
    String message =
        failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    return "critical check '%s' failed: %s".formatted(context.getDisplayName(), message);
  }
}
