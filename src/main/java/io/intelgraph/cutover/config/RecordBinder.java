package io.intelgraph.cutover.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a parsed YAML tree (maps, lists, scalars) onto the environment's records.
 *
 * <p>Design note: the records are the schema. A record component {@code rateWindow} is the key
 * {@code rate_window}; {@code Optional} components may be absent, every other one is required; a
 * key no component claims is an error. A map entry's key fills its record's {@code name} component.
 * Every problem is collected with its dotted key path and value, so one run reports all of them;
 * checked record constructors add their own rules and are reported at their key.
 */
final class RecordBinder {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern DURATION_SEQUENCE =
      Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

  private final UnaryOperator<String> environmentVariables;
  private final java.util.function.Predicate<String> inUse;
  private final java.util.function.Predicate<String> bound;
  private final List<String> problems = new ArrayList<>();

  RecordBinder(UnaryOperator<String> environmentVariables) {
    this(environmentVariables, key -> true, key -> true);
  }

  /**
   * A binder that reports problems only at keys {@code inUse} accepts: a key a command never reads
   * that is missing or invalid binds to null instead (unknown keys are still reported: a typo is a
   * typo whoever reads it). A section (record, map or list) at a key {@code bound} rejects is not
   * bound at all: it is null, and only checked for unknown keys, so a command pays for reading only
   * what it reads.
   */
  RecordBinder(
      UnaryOperator<String> environmentVariables,
      java.util.function.Predicate<String> inUse,
      java.util.function.Predicate<String> bound) {
    this.environmentVariables = environmentVariables;
    this.inUse = inUse;
    this.bound = bound;
  }

  private void report(String key, String message) {
    // a key the command does not read binds to null: the record gets built with what is there
    if (inUse.test(key)) problems.add(message);
  }

  List<String> problems() {
    return problems;
  }

  /**
   * Binds {@code tree} to {@code type}; returns null if anything was wrong (see {@link
   * #problems()}).
   */
  <T> T bind(Map<String, Object> tree, Class<T> type) {
    Object value = bindValue("", tree, type, null);
    return problems.isEmpty() ? type.cast(value) : null;
  }

  private Object bindValue(String key, Object raw, Type type, String nameFromKey) {
    Class<?> rawType = rawClass(type);
    if ((raw instanceof Map<?, ?> || raw instanceof List<?>) && !bound.test(key)) {
      reportUnknownKeys(key, raw, type);
      return null;
    }
    if (raw == null) {
      if (rawType == Optional.class) return Optional.empty();
      problem(key, null, "is missing", "add it to the environment file");
      return null;
    }
    if (rawType == Object.class) {
      return raw; // free-form YAML (GraphQL variables templates): kept as parsed
    }
    if (rawType == Optional.class) {
      Object inner = bindValue(key, raw, typeArgument(type, 0), nameFromKey);
      return inner == null ? null : Optional.of(inner);
    }
    if (isBoundRecord(rawType)) {
      return bindRecord(key, raw, rawType, nameFromKey);
    }
    if (rawType == Map.class) {
      if (!(raw instanceof Map<?, ?> map)) {
        problem(
            key,
            raw,
            "is not a mapping",
            "write it as `key: value` lines under `" + leaf(key) + ":`");
        return null;
      }
      Map<String, Object> bound = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String entryKey = String.valueOf(entry.getKey());
        Object value =
            bindValue(join(key, entryKey), entry.getValue(), typeArgument(type, 1), entryKey);
        bound.put(entryKey, value);
      }
      return bound;
    }
    if (rawType == List.class) {
      List<?> items =
          raw instanceof List<?> list
              ? list
              : raw instanceof String text ? splitCommas(text) : null;
      if (items == null) {
        problem(key, raw, "is not a list", "write it as `[a, b]` or one `- item` per line");
        return null;
      }
      List<Object> bound = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        bound.add(bindValue(key + "[" + i + "]", items.get(i), typeArgument(type, 0), null));
      }
      return bound;
    }
    return bindScalar(key, raw, rawType);
  }

  private Object bindRecord(String key, Object raw, Class<?> type, String nameFromKey) {
    if (!(raw instanceof Map<?, ?> map)) {
      problem(
          key,
          raw,
          "is not a mapping",
          "write its fields as `key: value` lines under `" + leaf(key) + ":`");
      return null;
    }
    RecordShape shape = RecordShape.of(type);
    List<String> keys = shape.keys();
    Object[] arguments = new Object[keys.size()];
    int before = problems.size();
    for (int i = 0; i < arguments.length; i++) {
      String yamlKey = keys.get(i);
      Object value = map.get(yamlKey);
      if (value == null && "name".equals(yamlKey) && nameFromKey != null) {
        arguments[i] = nameFromKey;
        continue;
      }
      arguments[i] = bindValue(join(key, yamlKey), value, shape.types().get(i), null);
    }
    reportUnknownKeysOf(key, map, shape);
    if (problems.size() > before) {
      return null;
    }
    try {
      // a constructor that fails on a key not in use (its nulls) leaves the whole record null
      return shape.constructor().newInstance(arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      report(key, "`%s`: %s".formatted(key.isEmpty() ? "(top level)" : key, cause.getMessage()));
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /**
   * The part of binding a section not bound still does: every key in {@code raw} that no record
   * component below {@code type} claims is reported.
   */
  private void reportUnknownKeys(String key, Object raw, Type type) {
    Class<?> rawType = rawClass(type);
    if (rawType == Optional.class) {
      reportUnknownKeys(key, raw, typeArgument(type, 0));
    } else if (isBoundRecord(rawType) && raw instanceof Map<?, ?> map) {
      RecordShape shape = RecordShape.of(rawType);
      reportUnknownKeysOf(key, map, shape);
      for (int i = 0; i < shape.keys().size(); i++) {
        Object value = map.get(shape.keys().get(i));
        if (value != null) {
          reportUnknownKeys(join(key, shape.keys().get(i)), value, shape.types().get(i));
        }
      }
    } else if (rawType == Map.class && raw instanceof Map<?, ?> map) {
      map.forEach(
          (entryKey, value) ->
              reportUnknownKeys(join(key, String.valueOf(entryKey)), value, typeArgument(type, 1)));
    } else if (rawType == List.class && raw instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        reportUnknownKeys(key + "[" + i + "]", list.get(i), typeArgument(type, 0));
      }
    }
  }

  private void reportUnknownKeysOf(String key, Map<?, ?> map, RecordShape shape) {
    for (Object present : map.keySet()) {
      String presentKey = String.valueOf(present);
      if (!shape.known().contains(presentKey)) {
        problems.add(
            "`%s` is not a known key; remove it or use one of: %s"
                .formatted(join(key, presentKey), String.join(", ", shape.known())));
      }
    }
  }

  /** A record bound from a mapping, not one parsed from a single value like {@code <= 350ms}. */
  private static boolean isBoundRecord(Class<?> type) {
    return type.isRecord()
        && type != Threshold.class
        && type != Quantity.class
        && type != GateCheckOffset.class;
  }

  private Object bindScalar(String key, Object raw, Class<?> type) {
    if (type == Secret.class) {
      return bindSecret(key, raw);
    }
    if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
      problem(key, raw, "is a " + (raw instanceof Map ? "mapping" : "list"), "give a single value");
      return null;
    }
    String text = String.valueOf(raw).trim();
    try {
      if (type == String.class) return text;
      if (type == int.class || type == Integer.class)
        return Integer.parseInt(text.replace("_", ""));
      if (type == long.class || type == Long.class) return Long.parseLong(text.replace("_", ""));
      if (type == double.class || type == Double.class) return parseNumberOrPercent(text);
      if (type == boolean.class || type == Boolean.class) return parseBoolean(key, raw, text);
      if (type == Duration.class) return parseDuration(text);
      if (type == URI.class) return parseUri(text);
      if (type == Path.class) return Path.of(text);
      if (type == Threshold.class) return Threshold.parse(text);
      if (type == Quantity.class) return Quantity.parse(text);
      if (type == GateCheckOffset.class) return GateCheckOffset.parse(text);
      if (type.isEnum()) return parseEnum(type, text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      problem(
          key,
          raw,
          "is invalid",
          expected(type) + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
      return null;
    }
    throw new IllegalStateException("no conversion for " + type.getName() + " at " + key);
  }

  private Object bindSecret(String key, Object raw) {
    if (!(raw instanceof Map<?, ?> ref)
        || ref.size() != 1
        || !(ref.containsKey("env") || ref.containsKey("file"))) {
      // never echo what was written: it may be the secret itself
      report(
          key,
          ("`%s` must be a reference, not a value: write `{env: VARIABLE}` or `{file: /path/to/secret}`"
                  + " (secrets are never written inline)")
              .formatted(key));
      return null;
    }
    if (ref.containsKey("env")) {
      String variable = String.valueOf(ref.get("env"));
      String value = environmentVariables.apply(variable);
      if (value == null || value.isEmpty()) {
        report(
            key,
            "`%s` refers to environment variable %s, which is not set; export it (e.g. from a CI secret)"
                .formatted(key, variable));
        return null;
      }
      return new Secret("env:" + variable, value);
    }
    Path file = Path.of(String.valueOf(ref.get("file")));
    try {
      String value = Files.readString(file).strip();
      if (value.isEmpty()) {
        report(
            key,
            "`%s` refers to file %s, which is empty; write the secret into it"
                .formatted(key, file));
        return null;
      }
      return new Secret("file:" + file, value);
    } catch (java.io.IOException e) {
      report(
          key,
          "`%s` refers to file %s, which cannot be read (%s); mount or create it"
              .formatted(key, file, e.getClass().getSimpleName()));
      return null;
    }
  }

  static Duration parseDuration(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    }
    String compact = text.replace(" ", "");
    if (!DURATION_SEQUENCE.matcher(compact).matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    Matcher m = DURATION.matcher(compact);
    Duration total = Duration.ZERO;
    while (m.find()) {
      double amount = Double.parseDouble(m.group(1));
      long millis =
          switch (m.group(2)) {
            case "ms" -> Math.round(amount);
            case "s" -> Math.round(amount * 1_000);
            case "m" -> Math.round(amount * 60_000);
            case "h" -> Math.round(amount * 3_600_000);
            default -> Math.round(amount * 86_400_000);
          };
      total = total.plusMillis(millis);
    }
    return total;
  }

  private static URI parseUri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("not an absolute URL with a host");
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("http", "https", "ws", "wss").contains(scheme)) {
        throw new IllegalArgumentException("scheme '" + scheme + "' is not http, https, ws or wss");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getReason());
    }
  }

  private static double parseNumberOrPercent(String text) {
    String compact = text.replace("_", "").replace(" ", "");
    if (compact.endsWith("%")) {
      return Double.parseDouble(compact.substring(0, compact.length() - 1)) / 100.0;
    }
    double value = Double.parseDouble(compact);
    if (Double.isNaN(value) || Double.isInfinite(value))
      throw new IllegalArgumentException("not a finite number");
    return value;
  }

  private Boolean parseBoolean(String key, Object raw, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false");
    };
  }

  private static Object parseEnum(Class<?> type, String text) {
    String constant = text.toUpperCase(Locale.ROOT).replace('-', '_');
    for (Object value : type.getEnumConstants()) {
      if (((Enum<?>) value).name().equals(constant)) return value;
    }
    throw new IllegalArgumentException("not one of " + enumNames(type));
  }

  private static String enumNames(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (Object value : type.getEnumConstants())
      names.add(((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-'));
    return String.join(", ", names);
  }

  private static String expected(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class)
      return "expected a whole number, e.g. 3";
    if (type == double.class || type == Double.class)
      return "expected a number or a percentage, e.g. 0.2 or 20%";
    if (type == boolean.class || type == Boolean.class) return "expected true or false";
    if (type == Duration.class)
      return "expected a duration with a unit, e.g. 250ms, 15s, 5m, 1h30m";
    if (type == URI.class) return "expected an absolute URL, e.g. https://prometheus.example:9090";
    if (type == Threshold.class)
      return "expected a comparison, number and unit, e.g. '<= 350ms' or '<= 1%'";
    if (type == Quantity.class) return "expected a number and a unit, e.g. '20ms' or '0.5%'";
    if (type == GateCheckOffset.class)
      return "expected a duration after the clock's start, e.g. 15m, or a compressed runbook time,"
          + " e.g. 'T+15 at 95s'";
    if (type.isEnum()) return "expected one of " + enumNames(type);
    return "expected a " + type.getSimpleName();
  }

  private void problem(String key, Object value, String what, String fix) {
    String shown = value == null ? "" : " '" + value + "'";
    report(key, "`%s`%s %s; %s".formatted(key.isEmpty() ? "(top level)" : key, shown, what, fix));
  }

  private static List<String> splitCommas(String text) {
    List<String> items = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) items.add(part.trim());
    }
    return items;
  }

  static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  private static String leaf(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) return c;
    if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
    throw new IllegalStateException("unsupported type " + type);
  }

  static Type typeArgument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }
}
