package io.intelgraph.cutover.warroom;

import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.support.JsonMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message to the war room (a phase's summary, the T-30 baselines, a RED, a rollback, a refused
 * phase): a Slack-compatible incoming-webhook body with a {@code text} fallback and {@code blocks}
 * (a header and one section of figures), as documented at https://api.slack.com/messaging/webhooks
 * and https://api.slack.com/reference/block-kit/blocks. Every string is redacted through the run's
 * redactor before it is serialised, so no secret a figure may carry (a URL with a token, a message)
 * reaches the channel.
 *
 * <pre>{@code
 * String json = new WarRoomMessage("T+120 evidence", "v1.0.0-GA", "prod", "GREEN", figures).json(redactor);
 * }</pre>
 *
 * @param title what the message is about, e.g. {@code T+120 evidence} or {@code rollback started}
 * @param status the one word the war room scans for, e.g. {@code GREEN}, {@code RED}, {@code DONE}
 * @param figures what it measured, in order, e.g. {@code gates evaluated -> 24}
 */
public record WarRoomMessage(
    String title, String release, String environment, String status, Map<String, String> figures) {

  private static final JsonMapper JSON = JsonMappers.JSON;

  public WarRoomMessage {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** Figures in the order given: {@code figuresOf("reason", why, "check", which)}. */
  public static Map<String, String> figuresOf(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0)
      throw new IllegalArgumentException("figures come as name, value pairs");
    Map<String, String> figures = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      figures.put(namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
    }
    return figures;
  }

  /** The fallback line notifications show, e.g. {@code v1.0.0-GA (prod) T+120 evidence: GREEN}. */
  public String headline() {
    return "%s (%s) %s: %s".formatted(release, environment, title, status);
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
