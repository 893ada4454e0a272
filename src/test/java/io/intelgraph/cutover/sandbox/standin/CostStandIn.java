package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Request;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for Kubecost's APIs, in Kubecost's documented shapes:
 *
 * <ul>
 *   <li>{@code GET /model/allocation?window=1h&aggregate=namespace[&step=1d&accumulate=false]} (<a
 *       href="https://docs.kubecost.com/apis/apis-overview/api-allocation">Allocation API</a>): one
 *       allocation set per {@code step} (one for the whole window without a step), oldest first:
 *       <pre>{@code {"code":200,"data":[{"__idle__":{"name":"__idle__","totalCost":2.3,...},
 *   "intelgraph-maestro":{"name":"intelgraph-maestro","networkCost":0.6,"totalCost":18.4,...},"kafka":{...}}]}}
 *       </pre>
 *       Costs scale with the set's length: the namespace costs {@link #NAMESPACE_COST_PER_HOUR} per
 *       hour, the Kafka namespace's network (egress) {@link #KAFKA_NETWORK_COST_PER_HOUR}. Under
 *       {@link Fault#KAFKA_EGRESS_SPIKE} the last set's Kafka network cost is twenty times that;
 *       under {@link Fault#COST_ANOMALY} the last set's costs of the namespace are five times.
 *   <li>{@code GET /model/savings/requestSizingV2?window=3d&filter=namespace:"..."} (<a
 *       href="https://docs.kubecost.com/apis/apis-overview/api-request-right-sizing-v2">request
 *       right-sizing V2</a>): one recommendation per API container.
 * </ul>
 *
 * A bad window or step answers 400 with a message.
 */
public final class CostStandIn implements AutoCloseable {

  public static final String NAMESPACE = ClusterNames.NAMESPACE;
  public static final String KAFKA_NAMESPACE = "kafka";
  public static final double NAMESPACE_COST_PER_HOUR = 18.4;
  public static final double IDLE_COST_PER_HOUR = 2.3;
  public static final double KAFKA_COST_PER_HOUR = 4.0;
  public static final double KAFKA_NETWORK_COST_PER_HOUR = 0.8;

  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");
  private static final int MAX_SETS = 2000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Clock clock;
  private final FaultSwitch faults;
  private final StandInServer server;

  private CostStandIn(Clock clock, FaultSwitch faults) {
    this.clock = clock;
    this.faults = faults;
    this.server =
        new StandInServer(
            "cost",
            Map.of(
                "/model/allocation",
                this::allocation,
                "/model/savings/requestSizingV2",
                this::requestSizing));
  }

  public static CostStandIn start(Clock clock, FaultSwitch faults) {
    return new CostStandIn(clock, faults);
  }

  public static CostStandIn start(Clock clock) {
    return start(clock, new FaultSwitch(clock));
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  private Response allocation(Request request) {
    if (!"GET".equals(request.method())) {
      return Response.methodNotAllowed(request, "GET");
    }
    Map<String, String> query = StandInServer.query(request.rawQuery());
    String window = query.getOrDefault("window", "1h");
    Optional<Duration> length = duration(window);
    if (length.isEmpty())
      return badRequest(
          "window '%s' is not supported by the cost stand-in; use <n>s, <n>m, <n>h or <n>d, e.g. 1h"
              .formatted(window));
    Duration step = length.get();
    if (query.containsKey("step") && !"true".equals(query.get("accumulate"))) {
      Optional<Duration> parsed = duration(query.get("step"));
      if (parsed.isEmpty() || parsed.get().isZero())
        return badRequest(
            "step '%s' is not a duration, e.g. 1h or 1d".formatted(query.get("step")));
      step = parsed.get();
    }
    if (length.get().dividedBy(step) > MAX_SETS)
      return badRequest(
          "window %s in steps of %s is more than %d sets".formatted(window, step, MAX_SETS));
    Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(length.get());
    List<Map<String, Object>> sets = new ArrayList<>();
    for (Instant from = start; from.isBefore(end); from = from.plus(step)) {
      Instant to = from.plus(step).isAfter(end) ? end : from.plus(step);
      boolean last = !to.isBefore(end);
      double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
      double namespaceFactor = last && faults.is(Fault.COST_ANOMALY) ? 5 : 1;
      double egressFactor = last && faults.is(Fault.KAFKA_EGRESS_SPIKE) ? 20 : 1;
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("__idle__", allocation("__idle__", IDLE_COST_PER_HOUR * hours, 0, from, to));
      set.put(
          NAMESPACE,
          allocation(
              NAMESPACE,
              NAMESPACE_COST_PER_HOUR * hours * namespaceFactor,
              0.6 * hours * namespaceFactor,
              from,
              to));
      set.put(
          KAFKA_NAMESPACE,
          allocation(
              KAFKA_NAMESPACE,
              KAFKA_COST_PER_HOUR * hours,
              KAFKA_NETWORK_COST_PER_HOUR * hours * egressFactor,
              from,
              to));
      sets.add(set);
    }
    return Response.json(200, JSON.writeValueAsString(Map.of("code", 200, "data", sets)));
  }

  private Response requestSizing(Request request) {
    if (!"GET".equals(request.method())) {
      return Response.methodNotAllowed(request, "GET");
    }
    String window = StandInServer.query(request.rawQuery()).get("window");
    if (window == null || duration(window).isEmpty()) {
      return badRequest("window is required, e.g. 3d; got '%s'".formatted(window));
    }
    List<Map<String, Object>> recommendations = new ArrayList<>();
    for (String controller :
        List.of(ClusterNames.STABLE_DEPLOYMENT, ClusterNames.CANARY_DEPLOYMENT)) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("clusterID", "sandbox");
      r.put("namespace", NAMESPACE);
      r.put("controllerKind", "deployment");
      r.put("controllerName", controller);
      r.put("containerName", "api");
      r.put("recommendedRequest", Map.of("cpu", "350m", "memory", "410Mi"));
      r.put("monthlySavings", Map.of("cpu", 41.2, "memory", 12.75));
      r.put("latestKnownRequest", Map.of("cpu", "1000m", "memory", "1024Mi"));
      r.put("currentEfficiency", Map.of("cpu", 0.24, "memory", 0.31, "total", 0.26));
      recommendations.add(r);
    }
    return Response.json(200, JSON.writeValueAsString(recommendations));
  }

  private static Response badRequest(String message) {
    return Response.json(400, JSON.writeValueAsString(Map.of("code", 400, "message", message)));
  }

  private static Optional<Duration> duration(String text) {
    Matcher matcher = DURATION.matcher(text == null ? "" : text);
    if (!matcher.matches()) return Optional.empty();
    long amount = Long.parseLong(matcher.group(1));
    return Optional.of(
        switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
  }

  private static Map<String, Object> allocation(
      String name, double compute, double network, Instant start, Instant end) {
    Map<String, Object> allocation = new LinkedHashMap<>();
    allocation.put("name", name);
    allocation.put("window", Map.of("start", start.toString(), "end", end.toString()));
    allocation.put("cpuCost", round((compute - network) * 0.55));
    allocation.put("ramCost", round((compute - network) * 0.35));
    allocation.put("pvCost", round((compute - network) * 0.10));
    allocation.put("networkCost", round(network));
    allocation.put("totalCost", round(compute + (name.equals(KAFKA_NAMESPACE) ? network : 0)));
    return allocation;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  @Override
  public void close() {
    server.close();
  }
}
