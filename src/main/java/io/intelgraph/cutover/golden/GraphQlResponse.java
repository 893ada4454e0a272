package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One GraphQL answer over HTTP: status, {@code data}, {@code errors}, and the network time of the
 * exchange (both round trips when a persisted query had to be registered).
 *
 * <pre>{@code
 * GraphQlResponse response = api.execute(operations.entity(), Map.of("id", id, "tenantId", tenant));
 * JsonNode entity = response.data().path("entity");
 * }</pre>
 *
 * @param data the {@code data} member, {@link MissingNode} when absent
 * @param errors the {@code errors} entries
 * @param bodyExcerpt at most 200 characters of the body, for evidence
 * @param serverDuration what the server says it spent on the request(s), from its {@code
 *     Server-Timing} header ({@code app;dur=}, summed over both round trips of a persisted query);
 *     empty when the server does not say. {@code elapsed} minus this is the client's own overhead.
 * @param track the track that answered, per the client's {@link TrackAttribution}
 */
public record GraphQlResponse(
    int status,
    JsonNode data,
    List<JsonNode> errors,
    Duration elapsed,
    String bodyExcerpt,
    Optional<Duration> serverDuration,
    ServingTrack track) {

  public GraphQlResponse {
    Objects.requireNonNull(data, "data");
    errors = List.copyOf(errors);
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(serverDuration, "serverDuration");
    Objects.requireNonNull(track, "track");
  }

  /** A response whose track nothing told. */
  public GraphQlResponse(
      int status,
      JsonNode data,
      List<JsonNode> errors,
      Duration elapsed,
      String bodyExcerpt,
      Optional<Duration> serverDuration) {
    this(status, data, errors, elapsed, bodyExcerpt, serverDuration, ServingTrack.UNKNOWN);
  }

  /** A response from a server that reports no timing of its own. */
  public GraphQlResponse(
      int status, JsonNode data, List<JsonNode> errors, Duration elapsed, String bodyExcerpt) {
    this(status, data, errors, elapsed, bodyExcerpt, Optional.empty(), ServingTrack.UNKNOWN);
  }

  /**
   * The {@code dur} of the {@code app} metric in a {@code Server-Timing} header value, e.g. {@code
   * app;dur=1.234} is 1.234 ms; empty if there is no such metric or it has no number.
   */
  public static Optional<Duration> serverTiming(String header) {
    for (String metric : header.split(",")) {
      String[] parts = metric.trim().split(";");
      if (!parts[0].trim().equals("app")) continue;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim();
        if (parameter.startsWith("dur=")) {
          try {
            return Optional.of(
                Duration.ofNanos(Math.round(Double.parseDouble(parameter.substring(4)) * 1e6)));
          } catch (NumberFormatException ignored) {
            return Optional
                .empty(); // a malformed timing is no timing: the client's own clock still stands
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The node at {@code pointer} (RFC 6901) in the response {@code {"data": ..., "errors": [...]}};
   * a missing node when nothing is there.
   */
  public JsonNode at(String pointer) {
    tools.jackson.databind.node.ObjectNode root = Json.MAPPER.createObjectNode();
    if (!data.isMissingNode()) root.set("data", data);
    if (!errors.isEmpty()) root.set("errors", Json.MAPPER.valueToTree(errors));
    return root.at(pointer);
  }

  /** The {@code extensions.code} of each error (or its message when it has no code). */
  public List<String> errorCodes() {
    List<String> codes = new ArrayList<>();
    for (JsonNode error : errors) {
      JsonNode code = error.path("extensions").path("code");
      codes.add(
          code.isString() ? code.stringValue() : error.path("message").asString("(no message)"));
    }
    return codes;
  }

  /** One line for a failure message: status, error codes and messages. */
  public String describe() {
    List<String> messages = new ArrayList<>();
    for (JsonNode error : errors) messages.add(error.path("message").asString("(no message)"));
    String cause = GoldenHttp.likelyCause(status, "POST", null);
    // a refusal without GraphQL errors is a proxy's or server's page: quote what it says
    String page =
        status != 200 && errors.isEmpty() && data.isMissingNode()
            ? ": " + PageText.errorOf(bodyExcerpt)
            : "";
    return "HTTP %d%s, errors %s%s%s"
        .formatted(status, cause, errorCodes(), messages.isEmpty() ? "" : " " + messages, page);
  }
}
