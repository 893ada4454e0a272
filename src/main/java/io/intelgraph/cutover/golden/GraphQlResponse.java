package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 */
public record GraphQlResponse(int status, JsonNode data, List<JsonNode> errors, Duration elapsed, String bodyExcerpt) {

  public GraphQlResponse {
    Objects.requireNonNull(data, "data");
    errors = List.copyOf(errors);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** The {@code extensions.code} of each error (or its message when it has no code). */
  public List<String> errorCodes() {
    List<String> codes = new ArrayList<>();
    for (JsonNode error : errors) {
      JsonNode code = error.path("extensions").path("code");
      codes.add(code.isString() ? code.stringValue() : error.path("message").asString("(no message)"));
    }
    return codes;
  }

  /** One line for a failure message: status, error codes and messages. */
  public String describe() {
    List<String> messages = new ArrayList<>();
    for (JsonNode error : errors) messages.add(error.path("message").asString("(no message)"));
    return "HTTP %d, errors %s%s".formatted(status, errorCodes(), messages.isEmpty() ? "" : " " + messages);
  }
}
