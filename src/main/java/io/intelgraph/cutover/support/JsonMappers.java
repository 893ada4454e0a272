package io.intelgraph.cutover.support;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite's JSON mappers, built once (a Jackson mapper is immutable and thread-safe,
 * https://github.com/FasterXML/jackson-databind/wiki/JacksonFeatures). Use {@link #JSON} unless a
 * document needs one of the named configurations below; never build a local one.
 *
 * <pre>{@code JsonNode answer = JsonMappers.JSON.readTree(body);}</pre>
 */
public final class JsonMappers {

  /**
   * Reads any JSON, writes it compact with the names of the Java side (camelCase): APIs, payloads,
   * Allure's own files.
   */
  public static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * {@link #JSON}, indented for a person: command-line output, gate reports, Allure's {@code
   * executor.json}.
   */
  public static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * For documents this suite owns and reads back (the ledger): an unknown property or a null number
   * is an error, not a default, so a damaged or foreign file is never half-read.
   */
  public static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /**
   * Floating-point numbers read as written ({@code BigDecimal}), for answers whose digits are
   * evidence (Prometheus).
   */
  public static final JsonMapper EXACT_NUMBERS =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  /** Our evidence files: snake_case names, indented. */
  public static final JsonMapper SNAKE_CASE =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private JsonMappers() {}
}
