package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Stand-in for a Kafka exporter: {@code GET /metrics} in the Prometheus text format with
 *
 * <ul>
 *   <li>{@code kafka_consumer_lag_sum{consumergroup="intelgraph-ingest"}}: 50-200, or growing 500/s
 *       under {@code KAFKA_LAG};
 *   <li>{@code kafka_topic_partition_current_offset{topic="entities",partition="0"}}: +250/s;
 *   <li>{@code kafka_topic_partition_current_offset{topic="dlq-entities",partition="0"}}: +0.05/s,
 *       +5/s under {@code KAFKA_LAG}.
 * </ul>
 *
 * <pre>
 * {@code try (KafkaMetricsStandIn kafka = KafkaMetricsStandIn.start(faults, Clock.systemUTC())) { kafka.metricsUrl(); }}
 * </pre>
 */
public final class KafkaMetricsStandIn implements AutoCloseable {

  /** Consumer group of the ingest pipeline. */
  public static final String CONSUMER_GROUP = "intelgraph-ingest";

  public static final String TOPIC = "entities";
  public static final String DLQ_TOPIC = "dlq-entities";

  private final StandInServer server;

  private KafkaMetricsStandIn(KafkaModel model) {
    this.server =
        new StandInServer(
            "kafka-metrics",
            Map.of(
                "/metrics",
                request ->
                    "GET".equals(request.method())
                        ? new StandInServer.Response(
                            200, "text/plain; version=0.0.4; charset=utf-8", render(model.read()))
                        : StandInServer.Response.methodNotAllowed(request, "GET")));
  }

  public static KafkaMetricsStandIn start(FaultSwitch faults, Clock clock) {
    return new KafkaMetricsStandIn(new KafkaModel(clock, faults));
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  public URI metricsUrl() {
    return server.baseUrl().resolve("/metrics");
  }

  static String render(KafkaModel.Reading reading) {
    return """
        # HELP kafka_consumer_lag_sum Sum of the consumer group's lag over all partitions (sandbox stand-in).
        # TYPE kafka_consumer_lag_sum gauge
        kafka_consumer_lag_sum{consumergroup="%s"} %d
        # HELP kafka_topic_partition_current_offset Current offset of a topic partition (sandbox stand-in).
        # TYPE kafka_topic_partition_current_offset gauge
        kafka_topic_partition_current_offset{topic="%s",partition="0"} %d
        kafka_topic_partition_current_offset{topic="%s",partition="0"} %d
        """
        .formatted(
            CONSUMER_GROUP,
            reading.consumerLag(),
            TOPIC,
            reading.entitiesOffset(),
            DLQ_TOPIC,
            reading.dlqOffset());
  }

  @Override
  public void close() {
    server.close();
  }
}
