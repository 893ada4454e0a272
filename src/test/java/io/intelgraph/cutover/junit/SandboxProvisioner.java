package io.intelgraph.cutover.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.sandbox.FaultSchedule;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxResource;
import io.intelgraph.cutover.session.Phase;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the embedded sandbox when the environment is {@code sandbox}: the only place the JUnit
 * wiring touches the sandbox, so no check can verify production through a sandbox shortcut.
 *
 * <p>Each phase may run in its own JVM, so on resume the sandbox is brought to where the ledger
 * says the cutover stands (the canary's weight), then warmed for one rate window: a gate judged on
 * a window the sandbox has not filled yet would be LOW_SAMPLE, which is true but not useful. {@code
 * -Dsandbox.fault=scenario[@percent]} injects a fault (see {@link FaultSchedule}). Inside a {@link
 * SharedSandbox}, runs resume on one sandbox instead of each starting its own.
 */
public final class SandboxProvisioner implements EnvironmentProvisioner {

  @Override
  public boolean provides(String environment) {
    return "sandbox".equals(environment);
  }

  @Override
  public Provisioned start() {
    Optional<FaultSchedule> fault = FaultSchedule.fromSystemProperties();
    Optional<SharedSandbox> share = SharedSandbox.current();
    boolean reused = share.map(SharedSandbox::started).orElse(false);
    SandboxResource resource =
        share.isPresent() ? share.get().sandbox(SandboxResource::start) : SandboxResource.start();
    Sandbox sandbox = resource.sandbox();
    AutoCloseable[] armed = {() -> {}};
    AutoCloseable stop =
        () -> {
          try {
            armed[0].close();
          } finally {
            if (share.isEmpty()) resource.close();
          }
        };
    return new Provisioned(
        sandbox.configOverrides(),
        stop,
        (environment, kubernetes, ledger) -> {
          resume(environment, kubernetes, ledger, reused);
          fault.ifPresent(
              schedule -> armed[0] = schedule.arm(sandbox.faults(), sandbox.trafficWeights()));
        },
        (phase, environment, ledger) -> approve(sandbox, phase, environment));
  }

  /**
   * Before the closeout, the sandbox's leads approve the evidence bundle the T+120 phase sealed, as
   * people would after reviewing it; without a bundle there is nothing to approve and the
   * closeout's approval line says so.
   */
  private static void approve(Sandbox sandbox, Phase phase, Environment environment) {
    if (phase != Phase.CLOSEOUT) return;
    String release = environment.release().tag();
    Path bundle =
        environment
            .evidence()
            .directory()
            .toAbsolutePath()
            .getParent()
            .resolve(EvidenceBundle.zipName(release));
    if (Files.isRegularFile(bundle)) {
      sandbox.approvers().approveAll(release, bundle);
    }
  }

  /**
   * A shared sandbox already serving the ledger's weight has had that traffic since the previous
   * run ended, so its rate windows are full: no warm-up.
   */
  private static void resume(
      Environment environment, KubernetesClient kubernetes, Ledger ledger, boolean reused) {
    int canary = ledger.rollback().isPresent() ? 0 : ledger.canaryPercent();
    TrafficRouter router = new TrafficRouter(kubernetes, environment.cluster());
    if (reused && router.canaryPercent() == canary) return;
    router.setCanaryPercent(canary);
    BoundedWait.named(
            "sandbox warm-up: one %d s rate window of traffic at %d %% canary"
                .formatted(environment.cadence().rateWindow().toSeconds(), canary))
        .progressEvery(environment.cadence().progressEvery())
        .soak(environment.cadence().rateWindow());
  }
}
