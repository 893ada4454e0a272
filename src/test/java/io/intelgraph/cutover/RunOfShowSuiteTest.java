package io.intelgraph.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The IDE's entry to the run of show holds every phase class, in the run of show's order. */
class RunOfShowSuiteTest {

  @Test
  void theSuiteHoldsEveryPhaseClassInTheRunOfShowsOrder() {
    TestPlan plan =
        LauncherFactory.create()
            .discover(
                LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(RunOfShowSuite.class))
                    .build());
    List<String> classes = new ArrayList<>();
    plan.getRoots().forEach(root -> collectClasses(plan, root, classes));

    assertThat(classes)
        .containsExactly(
            "T30BaselineTest",
            "T30KpiBaselineTest",
            "T15PreflightTest",
            "T0CanaryTest",
            "RampTest",
            "GateCheckTest",
            "T120EvidenceTest",
            "KpiWatchTest",
            "CloseoutTest");
  }

  private static void collectClasses(TestPlan plan, TestIdentifier node, List<String> classes) {
    node.getSource()
        .filter(ClassSource.class::isInstance)
        .map(source -> ((ClassSource) source).getJavaClass())
        .filter(type -> type.getPackageName().endsWith(".runofshow"))
        .ifPresent(type -> classes.add(type.getSimpleName()));
    plan.getChildren(node).forEach(child -> collectClasses(plan, child, classes));
  }
}
