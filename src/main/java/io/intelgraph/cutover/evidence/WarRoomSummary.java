package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.support.JsonMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message a phase posts to the war room: a Slack-compatible incoming-webhook body with a {@code
 * text} fallback and {@code blocks} (a header and one section of figures), as documented at
 * https://api.slack.com/messaging/webhooks and https://api.slack.com/reference/block-kit/blocks.
 * Every string is redacted through the run's redactor before it is serialised, so no secret a
 * figure may carry (a URL with a token, a message) reaches the channel.
 *
 * <pre>{@code
 * String json = new WarRoomSummary("T+120 evidence", "v1.0.0-GA", "prod", "GREEN", figures).json(redactor);
 * }</pre>
 *
 * @param phase which phase speaks, e.g. {@code T+120 evidence}
 * @param figures what it measured, in order, e.g. {@code gates evaluated -> 24}
 */
public record WarRoomSummary(
    String phase, String release, String environment, String verdict, Map<String, String> figures) {

  private static final JsonMapper JSON = JsonMappers.JSON;

  public WarRoomSummary {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** The fallback line notifications show, e.g. {@code v1.0.0-GA (prod) T+120 evidence: GREEN}. */
  public String headline() {
    return "%s (%s) %s: %s".formatted(release, environment, phase, verdict);
  }

  /** The webhook body, redacted. */
  public String json(Redactor redactor) {
    List<String> lines = new ArrayList<>();
    figures.forEach((name, value) -> lines.add("*%s*: %s".formatted(name, value)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", redactor.redact(headline()));
    body.put(
        "blocks",
        List.of(
            Map.of(
                "type",
                "header",
                "text",
                Map.of("type", "plain_text", "text", redactor.redact(headline()))),
            Map.of(
                "type",
                "section",
                "text",
                Map.of("type", "mrkdwn", "text", redactor.redact(String.join("\n", lines))))));
    return JSON.writeValueAsString(body);
  }
}
