package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllureListenersTest {

  private static final String ALLURE = "io.qameta.allure.junitplatform.AllureJunitPlatform";

  @Test
  void allureSwitchedOffByNameOrByAPatternIsRedacted() {
    assertThat(AllureListeners.unredactedResults(Optional.of(ALLURE))).isEmpty();
    assertThat(AllureListeners.unredactedResults(Optional.of("org.example.Other, io.qameta.*")))
        .isEmpty();
    assertThat(AllureListeners.unredactedResults(Optional.of("*AllureJunitPlatform"))).isEmpty();
  }

  @Test
  void allureStillActiveIsRefusedWithTheLineToAdd() {
    assertThat(AllureListeners.unredactedResults(Optional.empty()))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("refused: Allure's own JUnit listener (" + ALLURE + ") is active")
                    .contains(
                        "junit.platform.execution.listeners.deactivate=" + ALLURE,
                        "src/test/resources/junit-platform.properties"));
    assertThat(AllureListeners.unredactedResults(Optional.of("io.qameta.allure.Other")))
        .hasValueSatisfying(
            reason -> assertThat(reason).endsWith("; it is now 'io.qameta.allure.Other'"));
  }

  @Test
  void theRedactingListenerIsRegisteredByTheSuitesJarNotByItsTests() {
    assertThat(
            AllureListenersTest.class
                .getClassLoader()
                .resources("META-INF/services/org.junit.platform.launcher.TestExecutionListener")
                .map(java.net.URL::toString)
                .filter(url -> url.contains("/target/classes/")))
        .as("registered from the main resources (target/classes), which the jar carries")
        .singleElement();
  }

  @Test
  void aLauncherRunWithBothListenersIsRefusedUntilItsPlanEnds() {
    try {
      AllureListeners.testPlanStarted(Optional.empty());
      assertThat(AllureListeners.refusal(Optional.of(ALLURE)))
          .as("the launcher's configuration counts, not what a nested test kit passes")
          .hasValueSatisfying(r -> assertThat(r).contains("Allure's own JUnit listener"));
    } finally {
      AllureListeners.testPlanFinished();
    }
    assertThat(AllureListeners.refusal(Optional.empty()))
        .as("a test-kit run writes no Allure results")
        .isEmpty();
  }
}
