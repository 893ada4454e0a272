package io.intelgraph.cutover.sandbox.api;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the reference API (Jackson 3: its exceptions are unchecked). */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  static Map<String, Object> readObject(String json) {
    return MAPPER.readValue(json, MAP);
  }

  static Map<String, Object> readObject(byte[] json) {
    return MAPPER.readValue(json, MAP);
  }
}
