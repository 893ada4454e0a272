package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting rules Prometheus has loaded, as its rules API reports them ({@code GET
 * /api/v1/rules?type=alert}, https://prometheus.io/docs/prometheus/latest/querying/api/#rules):
 * what proves that "no alert firing" means quiet and not "no such rule".
 *
 * <pre>{@code
 * AlertingRules rules = prometheus.alertingRules();
 * List<AlertingRules.Rule> burn = rules.matching(".*BurnRate.*");
 * }</pre>
 *
 * @param rules every alerting rule of every group, in the API's order
 * @param rawJson the answer as received, for the evidence
 */
public record AlertingRules(List<Rule> rules, String rawJson) {

  /** What the rules API is asked; named in errors and evidence like a query. */
  public static final String REQUEST = "GET /api/v1/rules?type=alert";

  private static final JsonMapper JSON = JsonMappers.JSON;

  /** Go's zero time: the API's lastEvaluation of a rule never evaluated. */
  private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

  public AlertingRules {
    rules = List.copyOf(rules);
    Objects.requireNonNull(rawJson);
  }

  /**
   * One alerting rule.
   *
   * @param health {@code ok}, {@code err} or {@code unknown} (not evaluated yet)
   * @param state {@code inactive}, {@code pending} or {@code firing}
   * @param lastEvaluation when its group last evaluated it; absent when never
   * @param firing the labels of each of its alerts that is firing now
   */
  public record Rule(
      String name,
      String group,
      String health,
      String state,
      Optional<String> lastError,
      Optional<Instant> lastEvaluation,
      List<Map<String, String>> firing) {
    public Rule {
      firing = firing.stream().map(Map::copyOf).toList();
    }

    /**
     * {@code ApiErrorBudgetBurnRateFast{severity="page"}}: the alert's name and its other labels.
     */
    public List<String> describeFiring() {
      return firing.stream()
          .map(
              labels -> {
                StringBuilder text =
                    new StringBuilder(labels.getOrDefault("alertname", name)).append('{');
                labels.entrySet().stream()
                    .filter(e -> !e.getKey().equals("alertname"))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(
                        e ->
                            text.append(e.getKey())
                                .append("=\"")
                                .append(e.getValue())
                                .append("\","));
                if (text.charAt(text.length() - 1) == ',') text.setLength(text.length() - 1);
                return text.append('}').toString();
              })
          .toList();
    }
  }

  /** The rules whose name the regex matches in full, as PromQL's {@code =~} does. */
  public List<Rule> matching(String regex) {
    Pattern pattern = PATTERNS.computeIfAbsent(regex, Pattern::compile);
    return rules.stream().filter(r -> pattern.matcher(r.name()).matches()).toList();
  }

  /**
   * Compiled once per JVM: a gate's regex is asked at every step of a replay. Few and configured
   * (one per alert-rule gate), so the map stays small.
   */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  /** Parses the rules API's answer strictly: a shape it does not promise is a BAD_RESPONSE. */
  static AlertingRules parse(int httpStatus, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null
        || !root.isObject()
        || httpStatus / 100 != 2
        || !"success".equals(root.path("status").asString(""))) {
      PromQlException.Kind kind =
          root != null && "error".equals(root.path("status").asString(""))
              ? PromQlException.Kind.QUERY_ERROR
              : httpStatus / 100 != 2
                  ? PromQlException.Kind.HTTP_STATUS
                  : PromQlException.Kind.BAD_RESPONSE;
      throw new PromQlException(
          kind,
          REQUEST,
          httpStatus,
          body,
          "Prometheus answered %s with HTTP %d: %s"
              .formatted(REQUEST, httpStatus, Excerpts.of(body)),
          null);
    }
    JsonNode groups = root.path("data").path("groups");
    if (!groups.isArray()) throw bad(httpStatus, body, "`data.groups` is missing or not an array");
    List<Rule> rules = new ArrayList<>();
    for (JsonNode group : groups) {
      String groupName = required(group, "name", httpStatus, body);
      JsonNode list = group.path("rules");
      if (!list.isArray())
        throw bad(httpStatus, body, "group '%s' has no `rules` array".formatted(groupName));
      for (JsonNode rule : list) {
        if (!"alerting".equals(rule.path("type").asString("")))
          continue; // type=alert asks for these only; recording rules are not judged
        List<Map<String, String>> firing = new ArrayList<>();
        for (JsonNode alert : rule.path("alerts")) {
          if (!"firing".equals(alert.path("state").asString(""))) continue;
          Map<String, String> labels = new LinkedHashMap<>();
          alert
              .path("labels")
              .properties()
              .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
          firing.add(labels);
        }
        String lastError = rule.path("lastError").asString("");
        rules.add(
            new Rule(
                required(rule, "name", httpStatus, body),
                groupName,
                required(rule, "health", httpStatus, body),
                required(rule, "state", httpStatus, body),
                lastError.isEmpty() ? Optional.empty() : Optional.of(lastError),
                lastEvaluation(rule, httpStatus, body),
                firing));
      }
    }
    return new AlertingRules(rules, body);
  }

  private static Optional<Instant> lastEvaluation(JsonNode rule, int httpStatus, String body) {
    String text = rule.path("lastEvaluation").asString("");
    if (text.isEmpty()) return Optional.empty();
    try {
      Instant at = Instant.parse(text);
      return at.equals(NEVER) ? Optional.empty() : Optional.of(at);
    } catch (DateTimeParseException e) {
      throw bad(
          httpStatus,
          body,
          "rule '%s' has lastEvaluation '%s', not an RFC 3339 time"
              .formatted(rule.path("name").asString(""), text));
    }
  }

  private static String required(JsonNode node, String field, int httpStatus, String body) {
    String value = node.path(field).asString("");
    if (value.isEmpty())
      throw bad(httpStatus, body, "a rule or group has no `%s`".formatted(field));
    return value;
  }

  private static PromQlException bad(int httpStatus, String body, String what) {
    return new PromQlException(
        PromQlException.Kind.BAD_RESPONSE,
        REQUEST,
        httpStatus,
        body,
        "malformed answer from Prometheus to %s: %s".formatted(REQUEST, what),
        null);
  }
}
