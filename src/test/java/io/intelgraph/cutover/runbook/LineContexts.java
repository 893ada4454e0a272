package io.intelgraph.cutover.runbook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the runbook lines' unit tests run them in: the documented production example (with extra
 * properties), a ledger file in a temporary directory and a clock fixed at {@link #NOW}; and gate
 * evaluations made by hand.
 */
public final class LineContexts {

  public static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

  private LineContexts() {}

  /** The production example in namespace intelgraph-maestro, without a cluster. */
  public static LineContext at(Path dir, Map<String, String> properties) {
    return at(dir, properties, null);
  }

  /** The production example in namespace intelgraph-maestro, reading {@code kubernetes}. */
  public static LineContext at(
      Path dir, Map<String, String> properties, KubernetesClient kubernetes) {
    return at(dir, kubernetes, properties, NOW);
  }

  /** A context at {@link #NOW} reading {@code properties} over the production example. */
  public static LineContext at(
      Path dir, KubernetesClient kubernetes, Map<String, String> properties) {
    return at(dir, kubernetes, properties, NOW);
  }

  /** A context at {@code now} reading {@code properties} over the production example. */
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

  /** An evaluation of {@code gate} on the stable track at {@link #NOW}. */
  public static GateEvaluation evaluation(
      String gate, Outcome outcome, Double value, String threshold) {
    return new GateEvaluation(
        gate,
        Scope.STABLE,
        false,
        NOW,
        outcome,
        value == null ? OptionalDouble.empty() : OptionalDouble.of(value),
        Threshold.parse(threshold),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "%s %s on stable at %s".formatted(gate, outcome, NOW),
        List.of(
            new Evidence(
                "value",
                "query_of_" + gate,
                value == null ? "{\"result\":[]}" : "{\"result\":[" + value + "]}")));
  }
}
