package io.intelgraph.cutover.chaos;

import io.intelgraph.cutover.config.Environment;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * The deployment the chaos experiments act on, and why: {@code chaos.deployment} when configured;
 * otherwise the deployment that carries the traffic, so the recovery timed is the one users feel.
 * What serves is read from the live routing weights (the canary's share); if they cannot be read,
 * from the ledger's last traffic step (after the lock: 100 % canary). The track with the larger
 * share wins; an even split goes to the canary, the release under test. With neither readable the
 * experiment is refused, saying how to name the deployment.
 *
 * <pre>{@code
 * ChaosTarget target = ChaosTarget.choose(env, router::canaryPercent, OptionalInt.of(100), "locked at ...");
 * new PodDeletion(client, ns, target.deployment(), timeout, clock).run();
 * }</pre>
 *
 * @param deployment the deployment's name in {@code cluster.namespace}
 * @param why for the line's evidence: where the choice came from
 */
public record ChaosTarget(String deployment, String why) {

  /**
   * @param liveCanaryPercent reads the canary's share from the routing now; may throw
   * @param ledgerCanaryPercent the canary's share at the ledger's last traffic step, if any
   * @param ledgerStep that step, described (phase, time), for the reason
   */
  public static ChaosTarget choose(
      Environment env,
      IntSupplier liveCanaryPercent,
      OptionalInt ledgerCanaryPercent,
      String ledgerStep) {
    Optional<String> configured = env.chaos().deployment();
    if (configured.isPresent()) {
      return new ChaosTarget(
          configured.get(), "chaos.deployment names %s".formatted(configured.get()));
    }
    String stable = env.cluster().stableDeployment();
    String canary = env.cluster().canaryDeployment();
    String ledger =
        ledgerCanaryPercent.isPresent()
            ? "the ledger's last traffic step (%s) set the canary to %d %%"
                .formatted(ledgerStep, ledgerCanaryPercent.getAsInt())
            : "the ledger records no traffic step";
    int live;
    try {
      live = liveCanaryPercent.getAsInt();
    } catch (RuntimeException unreadable) {
      if (ledgerCanaryPercent.isEmpty()) {
        throw new ChaosException(
            ("cannot tell which deployment carries the traffic: the live routing weights could not"
                    + " be read (%s) and %s; set chaos.deployment to the API deployment to act on")
                .formatted(unreadable.getMessage(), ledger));
      }
      int percent = ledgerCanaryPercent.getAsInt();
      return new ChaosTarget(
          serving(percent, stable, canary),
          ("%s, which carries %d %% of the traffic: %s (the live routing weights could not be"
                  + " read: %s)")
              .formatted(
                  serving(percent, stable, canary),
                  percent >= 50 ? percent : 100 - percent,
                  ledger,
                  unreadable.getMessage()));
    }
    String target = serving(live, stable, canary);
    return new ChaosTarget(
        target,
        "%s, which carries %d %% of the traffic by the live routing weights (canary %d %%); %s;"
                .formatted(target, live >= 50 ? live : 100 - live, live, ledger)
            + " chaos.deployment is not set, so the experiments act on what serves");
  }

  private static String serving(int canaryPercent, String stable, String canary) {
    return canaryPercent >= 50 ? canary : stable;
  }
}
