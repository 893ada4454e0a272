package io.intelgraph.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.GateEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link SandboxTest} on small fixture classes run through the JUnit engine: one sandbox per class
 * (or one for all classes when shared), every parameter resolved from it, reset to HEALTHY after a
 * test that set a fault, stopped when its context ends. The fixtures run a placeholder API or none:
 * what is under test is the lifecycle, not the API.
 */
class SandboxExtensionIT {

  /** What the fixtures saw, in execution order. */
  static final List<Sandbox> seen = new ArrayList<>();

  static final List<Fault> faultAtStart = new ArrayList<>();

  static final List<Integer> canaryAtStart = new ArrayList<>();

  @BeforeEach
  void clear() {
    seen.clear();
    faultAtStart.clear();
    canaryAtStart.clear();
  }

  private static EngineExecutionResults run(Class<?>... fixtures) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter");
    for (Class<?> fixture : fixtures) kit = kit.selectors(selectClass(fixture));
    EngineExecutionResults results = kit.execute();
    results.testEvents().failed().stream()
        .forEach(
            event ->
                event
                    .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                    .ifPresent(Throwable::printStackTrace));
    return results;
  }

  private static boolean running(Sandbox sandbox) {
    long pid = sandbox.prometheus().pid().orElseThrow();
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
  }

  @Test
  void oneSandboxPerClassResolvedForEveryParameterResetAfterEachTestAndStoppedAtTheEnd() {
    EngineExecutionResults results = run(PerClass.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    assertThat(seen).as("the sandbox each test was given").hasSize(2);
    assertThat(seen.get(1)).as("one sandbox for both tests of the class").isSameAs(seen.get(0));
    assertThat(faultAtStart)
        .as("the fault each test found: the second runs after the first set KAFKA_LAG")
        .containsExactly(Fault.HEALTHY, Fault.HEALTHY);
    assertThat(canaryAtStart)
        .as("the canary weight each test found: the second runs after the first moved it to 30")
        .containsExactly(10, 10);
    assertThat(running(seen.get(0))).as("sandbox Prometheus after the class ended").isFalse();
  }

  @Test
  void sharedClassesUseOneSandboxStoppedWhenTheEngineEnds() {
    EngineExecutionResults results = run(SharedOne.class, SharedTwo.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).as("one sandbox across both shared classes").isSameAs(seen.get(0));
    assertThat(running(seen.get(0))).as("sandbox Prometheus after the engine ended").isFalse();
  }

  @SandboxTest(api = PlaceholderTracks.class, canaryPercent = 10)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {

    @Test
    @Order(1)
    void setsAFault(
        Sandbox sandbox,
        SandboxResource resource,
        Environment environment,
        GateEvaluator evaluator,
        TrafficRouter router) {
      seen.add(sandbox);
      faultAtStart.add(sandbox.faults().active().fault());
      canaryAtStart.add(router.canaryPercent());
      assertThat(resource.sandbox()).isSameAs(sandbox);
      assertThat(environment).isSameAs(resource.environment());
      assertThat(evaluator).isSameAs(resource.evaluator());
      assertThat(router).isSameAs(resource.router());
      assertThat(environment.endpoints().prometheus())
          .as("the environment points at this sandbox's Prometheus")
          .isEqualTo(sandbox.endpoints().prometheus());
      sandbox.faults().activate(Fault.KAFKA_LAG);
      router.setCanaryPercent(30);
    }

    @Nested
    class Inside {
      @Test
      @Order(2)
      void findsItHealthy(Sandbox sandbox, TrafficRouter router) {
        seen.add(sandbox);
        faultAtStart.add(sandbox.faults().active().fault());
        canaryAtStart.add(router.canaryPercent());
      }
    }
  }

  @SandboxTest(api = SandboxTest.NoApi.class, shared = true)
  static class SharedOne {
    @Test
    void uses(Sandbox sandbox) {
      seen.add(sandbox);
    }
  }

  @SandboxTest(api = SandboxTest.NoApi.class, shared = true)
  static class SharedTwo {
    @Test
    void uses(Sandbox sandbox) {
      seen.add(sandbox);
    }
  }
}
