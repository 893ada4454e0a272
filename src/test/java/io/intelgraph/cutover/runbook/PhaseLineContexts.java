package io.intelgraph.cutover.runbook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Line contexts for the runbook lines' unit tests: the documented production example with the given
 * properties ({@code cutover.<key>}), a file ledger in a test's directory, a fixed clock.
 */
public final class PhaseLineContexts {

  /** The time every line in these tests observes at. */
  public static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

  private PhaseLineContexts() {}

  /** A context at {@link #NOW} reading {@code properties} over the production example. */
  public static LineContext at(
      Path dir, KubernetesClient kubernetes, Map<String, String> properties) {
    return at(dir, kubernetes, properties, NOW);
  }

  public static LineContext at(
      Path dir, KubernetesClient kubernetes, Map<String, String> properties, Instant now) {
    Map<String, String> all = new HashMap<>(properties);
    all.putIfAbsent("cutover.cluster.namespace", "intelgraph-maestro");
    Environment env = TestEnvironments.prodExample(all);
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return new LineContext(
        env,
        kubernetes,
        new FileLedgerStore(dir.resolve("ledger.json"), env.release().tag(), clock),
        clock);
  }

  /** Records that the canary took all traffic at {@code at}. */
  public static void fullTrafficAt(LineContext context, Instant at) {
    context.ledger().update(l -> l.withTraffic(new TrafficStep(100, "ramp", at)));
  }
}
