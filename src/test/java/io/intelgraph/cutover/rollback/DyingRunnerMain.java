package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.KubernetesClients;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.ledger.LedgerStores;
import java.time.Clock;
import java.util.List;

/**
 * A runner that dies mid-rollback, for {@link RollbackTakeoverIT}: it claims the rollback of the
 * environment given by {@code -Dcutover.*} like a RED in the run of show would, and its plan's
 * first action halts the JVM (no shutdown hooks, no finally blocks: as a killed CI job or an
 * evicted pod), so the claim is in the ledger and no action ran.
 */
final class DyingRunnerMain {

  static final int HALTED = 137;
  static final String SIGNAL = "claimed the rollback; halting before its first action";

  private DyingRunnerMain() {}

  public static void main(String[] args) {
    Environment environment = EnvironmentLoader.fromSystem().load();
    KubernetesClient kubernetes = KubernetesClients.forEnvironment(environment);
    RollbackAction die =
        new RollbackAction() {
          @Override
          public String name() {
            return "die";
          }

          @Override
          public String description() {
            return "halt this JVM";
          }

          @Override
          public String execute(RollbackRequest request) {
            System.out.println(SIGNAL);
            System.out.flush();
            Runtime.getRuntime().halt(HALTED);
            throw new AssertionError("unreachable: the JVM halted");
          }
        };
    RollbackPlan plan = RollbackPlan.of(environment, kubernetes, List.of()).startingWith(die);
    new Rollback(
            LedgerStores.forEnvironment(environment, kubernetes),
            plan,
            environment.name(),
            false,
            "dying-runner",
            environment.rollback().lease(),
            Clock.systemUTC())
        .trigger("error_ratio_5xx RED: 2 consecutive breaches", "GateChecks#errorRatio");
    System.exit(1); // reached only if the rollback was not claimed here
  }
}
