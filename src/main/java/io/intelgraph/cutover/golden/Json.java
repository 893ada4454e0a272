package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.JsonMappers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the goldens, and strict parsing that names what it was parsing. */
final class Json {
  static final JsonMapper MAPPER = JsonMappers.JSON;

  private Json() {}

  static JsonNode parse(String what, String text) {
    try {
      JsonNode node = MAPPER.readTree(text == null ? "" : text);
      if (node == null || node.isMissingNode())
        throw new GoldenException(what + ": the response body is empty; expected JSON");
      return node;
    } catch (JacksonException e) {
      throw new GoldenException(
          "%s: the response is not JSON (%s); first 200 characters: %s"
              .formatted(what, e.getOriginalMessage(), Excerpts.of(text)),
          e);
    }
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
