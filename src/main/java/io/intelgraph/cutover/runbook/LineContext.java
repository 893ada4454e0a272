package io.intelgraph.cutover.runbook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.LedgerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

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

  /** A report builder stamped with now. */
  public LineReport.Builder report() {
    return LineReport.at(now());
  }
}
