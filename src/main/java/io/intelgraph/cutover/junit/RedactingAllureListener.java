package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.evidence.AllureRedaction;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import org.junit.platform.launcher.TestPlan;

/**
 * The run's Allure listener: Allure's own JUnit Platform listener, bound to the redacting lifecycle
 * of {@link AllureRedaction}. Registered by the suite's jar ({@code META-INF/services} in its main
 * resources), so a project that adds its own lines gets it too; Allure's unredacted listener is
 * switched off in {@code junit-platform.properties} ({@code
 * junit.platform.execution.listeners.deactivate}), and a run where it is not is refused ({@link
 * AllureListeners}), so every result, attachment and captured output of a test goes through the
 * redaction.
 *
 * <p>Allure's listener keeps the lifecycle it was built with, so the redacting lifecycle has to
 * exist before it: constructing this listener is the earliest point the launcher offers.
 */
public final class RedactingAllureListener extends AllureJunitPlatform {

  public RedactingAllureListener() {
    this(AllureRedaction.install());
  }

  /** A listener writing through {@code lifecycle}, e.g. one over a test's own results directory. */
  public RedactingAllureListener(AllureLifecycle lifecycle) {
    super(lifecycle);
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    AllureListeners.testPlanStarted(
        testPlan.getConfigurationParameters().get(AllureListeners.DEACTIVATE));
    super.testPlanExecutionStarted(testPlan);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    super.testPlanExecutionFinished(testPlan);
    AllureListeners.testPlanFinished();
  }
}
