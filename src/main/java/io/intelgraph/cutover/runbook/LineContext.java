package io.intelgraph.cutover.runbook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a runbook line may read: the environment it checks, the cluster, this attempt's ledger and
 * the clock every observed-at time comes from (a fixed clock in the lines' unit tests). One per
 * run, resolved as a parameter of a run-of-show method.
 */
public record LineContext(
    Environment environment, KubernetesClient kubernetes, LedgerStore ledger, Clock clock) {

  public LineContext {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(clock, "clock");
  }

  /** Now, by the context's clock. */
  public Instant now() {
    return clock.instant();
  }

  /** The cluster, or an error naming the line that needed it when the run has none. */
  public KubernetesClient kubernetes() {
    if (kubernetes == null) {
      throw new IllegalStateException(
          "this runbook line reads the cluster, but the run has no Kubernetes client;"
              + " set cluster.* in environment "
              + environment.name());
    }
    return kubernetes;
  }

  /**
   * Records, when the line passed, what it confirmed as an attestation in this attempt's ledger
   * (who confirmed it, what, when the line looked); returns the report either way.
   */
  public LineReport recordIfPassed(LineReport judged, String who, Supplier<String> what) {
    if (judged.passed()) {
      Attestation said = new Attestation(who, what.get(), judged.observedAt());
      ledger.update(l -> l.withAttestation(said));
    }
    return judged;
  }

  /**
   * The war room ({@code war_room.webhook}), recording what it posts in this attempt's ledger;
   * posts nothing when no webhook is configured.
   */
  public WarRoomNotifier warRoom() {
    return WarRoomNotifier.forEnvironment(environment, ledger, clock);
  }

  /** A report builder stamped with now. */
  public LineReport.Builder report() {
    return LineReport.at(now());
  }
}
