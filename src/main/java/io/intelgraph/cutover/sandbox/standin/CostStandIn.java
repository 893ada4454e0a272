package io.intelgraph.cutover.sandbox.standin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
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

  private void allocation(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      StandInServer.methodNotAllowed(exchange, "GET");
      return;
    }
    String window = query(exchange.getRequestURI().getRawQuery()).getOrDefault("window", "1h");
    Matcher matcher = WINDOW.matcher(window);
    if (!matcher.matches()) {
      StandInServer.respond(exchange, 400, "application/json", JSON.writeValueAsString(Map.of("code", 400,
          "message", "window '%s' is not supported by the cost stand-in; use <n>m, <n>h or <n>d, e.g. 1h".formatted(window))));
      return;
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
    StandInServer.respond(exchange, 200, "application/json",
        JSON.writeValueAsString(Map.of("code", 200, "data", List.of(set))));
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

  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  @Override
  public void close() {
    server.close();
  }
}
