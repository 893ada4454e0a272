package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.standin.StandInServer.Request;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for Kubecost's allocation API: {@code GET /model/allocation?window=1h} answers in
 * Kubecost's shape, one allocation set per request:
 * <pre>{@code {"code":200,"data":[{"__idle__":{"name":"__idle__","totalCost":2.3,...},
 *   "intelgraph-maestro":{"name":"intelgraph-maestro","totalCost":18.4,...}}]}}</pre>
 * Costs scale with the window ({@code 30m}, {@code 1h}, {@code 24h}, {@code 7d}): the namespace
 * costs {@link #NAMESPACE_COST_PER_HOUR} per hour. A bad window answers 400 with a message.
 */
public final class CostStandIn implements AutoCloseable {

  public static final String NAMESPACE = "intelgraph-maestro";
  public static final double NAMESPACE_COST_PER_HOUR = 18.4;
  public static final double IDLE_COST_PER_HOUR = 2.3;

  private static final Pattern WINDOW = Pattern.compile("(\\d+)([mhd])");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Clock clock;
  private final StandInServer server;

  private CostStandIn(Clock clock) {
    this.clock = clock;
    this.server = new StandInServer("cost", Map.of("/model/allocation", this::allocation));
  }

  public static CostStandIn start(Clock clock) {
    return new CostStandIn(clock);
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  private Response allocation(Request request) {
    if (!"GET".equals(request.method())) {
      return Response.methodNotAllowed(request, "GET");
    }
    String window = StandInServer.query(request.rawQuery()).getOrDefault("window", "1h");
    Matcher matcher = WINDOW.matcher(window);
    if (!matcher.matches()) {
      return Response.json(400, JSON.writeValueAsString(Map.of("code", 400,
          "message", "window '%s' is not supported by the cost stand-in; use <n>m, <n>h or <n>d, e.g. 1h".formatted(window))));
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration length = switch (matcher.group(2)) {
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(length);
    double hours = length.toSeconds() / 3600.0;
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("__idle__", allocation("__idle__", IDLE_COST_PER_HOUR * hours, start, end));
    set.put(NAMESPACE, allocation(NAMESPACE, NAMESPACE_COST_PER_HOUR * hours, start, end));
    return Response.json(200, JSON.writeValueAsString(Map.of("code", 200, "data", List.of(set))));
  }

  private static Map<String, Object> allocation(String name, double total, Instant start, Instant end) {
    Map<String, Object> allocation = new LinkedHashMap<>();
    allocation.put("name", name);
    allocation.put("window", Map.of("start", start.toString(), "end", end.toString()));
    allocation.put("cpuCost", round(total * 0.55));
    allocation.put("ramCost", round(total * 0.35));
    allocation.put("pvCost", round(total * 0.10));
    allocation.put("totalCost", round(total));
    return allocation;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  @Override
  public void close() {
    server.close();
  }
}
