package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the reference of every key the binder binds, and only of those: the keys
 * are walked from the {@link Environment} records as {@link RecordBinder} binds them (a map of
 * records is {@code <name>}), and every default {@code defaults.yaml} gives a documented key is in
 * its row. A key added to a record fails here until it is documented; a documented key that no
 * record binds fails until its row goes.
 */
class ConfigurationReferenceTest {

  static final Path REFERENCE = Path.of("docs/configuration.md");

  /** A row's first cell: backticked keys, where {@code .x} continues the previous key's parent. */
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private static final Pattern BRACES = Pattern.compile("\\{([a-z0-9_,]+)}");

  @Test
  void everyBoundKeyIsDocumented() throws IOException {
    Set<String> documented = documentedKeys().keySet();

    List<String> undocumented =
        boundKeys().stream().filter(key -> !documented.contains(key)).toList();

    assertThat(undocumented)
        .as(
            "keys the binder binds (from the Environment records) that %s does not list; add a row"
                + " `| `KEY` | default | meaning |` to the section of the key's first part",
            REFERENCE)
        .isEmpty();
  }

  @Test
  void everyDocumentedKeyIsBound() throws IOException {
    Set<String> bound = boundKeys();
    List<Pattern> patterns = bound.stream().map(ConfigurationReferenceTest::pattern).toList();

    List<String> unknown =
        documentedKeys().keySet().stream()
            .filter(key -> !bound.contains(key))
            .filter(key -> patterns.stream().noneMatch(p -> p.matcher(key).matches()))
            .toList();

    assertThat(unknown)
        .as(
            "keys %s documents that no configuration record binds (a typo, or a key removed from"
                + " the records); fix or remove their rows",
            REFERENCE)
        .isEmpty();
  }

  @Test
  void everyDocumentedDefaultIsTheOneInDefaultsYaml() throws IOException {
    Map<String, Object> defaults = flatten("", defaultsYaml(), new LinkedHashMap<>());
    List<String> wrong = new ArrayList<>();
    documentedKeys()
        .forEach(
            (key, cell) -> {
              Object value = defaults.get(key);
              if (value == null) return;
              String shown = shown(value);
              boolean stated = cell.replace("`", "").replace("\\|", "|").contains(shown);
              // a query or a GraphQL document is too long for a cell: the row may point at it
              boolean pointed = shown.length() > 60 && cell.contains("defaults.yaml");
              if (!stated && !pointed) {
                wrong.add(
                    "%s: defaults.yaml says %s, the default cell says '%s'%s"
                        .formatted(
                            key,
                            shown,
                            cell,
                            shown.length() > 60 ? " (or say `see defaults.yaml`)" : ""));
              }
            });
    assertThat(wrong)
        .as("%s rows whose default is not defaults.yaml's; correct the default cell", REFERENCE)
        .isEmpty();
  }

  @Test
  void theReferenceReadsItsOwnShorthand() {
    Map<String, String> keys =
        keysOfRow(
            "| `cadence.scrape_interval`, `.rate_window` | 15s, 5m | scrape interval; window |",
            new LinkedHashMap<>());
    assertThat(keys).containsOnlyKeys("cadence.scrape_interval", "cadence.rate_window");
    assertThat(
            keysOfRow(
                "| `goldens.targets.{oidc_login,graph_query}` | x | y |", new LinkedHashMap<>()))
        .containsOnlyKeys("goldens.targets.oidc_login", "goldens.targets.graph_query");
    assertThat(pattern("gates.<name>.threshold").matcher("gates.api_p95.threshold").matches())
        .isTrue();
    assertThat(boundKeys())
        .as("the walk of the records")
        .contains(
            "endpoints.prometheus",
            "gates.<name>.threshold",
            "gates.<name>.compare_with_stable.max_ratio",
            "closeout.approvals.roles.<name>.public_key",
            "goldens.operations.entity.read",
            "prometheus.headers")
        .doesNotContain("gates.<name>.name", "gates", "war_room");
  }

  /** Every dotted key the binder binds, from the records: the schema is the records. */
  static Set<String> boundKeys() {
    Set<String> keys = new TreeSet<>();
    walk("", Environment.class, false, keys);
    // the loader fills this component from the gates' switches; a file cannot set it
    keys.remove(GateSwitches.SWITCHED_OFF);
    // read by the loader before binding (GateSwitches), so no record component carries it
    keys.add("gates.<name>.enabled");
    return keys;
  }

  private static void walk(String key, Type type, boolean mapValue, Set<String> keys) {
    Class<?> raw = RecordBinder.rawClass(type);
    if (raw == Optional.class) {
      walk(key, RecordBinder.typeArgument(type, 0), mapValue, keys);
    } else if (raw == Map.class && isRecord(RecordBinder.typeArgument(type, 1))) {
      walk(key + ".<name>", RecordBinder.typeArgument(type, 1), true, keys);
    } else if (isRecord(type)) {
      for (RecordComponent component : raw.getRecordComponents()) {
        String yamlKey = RecordBinder.snakeCase(component.getName());
        // a map entry's key fills its record's name: documented as the <name> itself
        if (mapValue && yamlKey.equals("name")) continue;
        walk(
            key.isEmpty() ? yamlKey : key + "." + yamlKey, component.getGenericType(), false, keys);
      }
    } else {
      keys.add(key); // a scalar, a list or a map of scalars: one value at this key
    }
  }

  /** Records the binder descends into; Threshold, Quantity and Secret are scalars to YAML. */
  private static boolean isRecord(Type type) {
    Class<?> raw = RecordBinder.rawClass(type);
    if (raw == Optional.class) return isRecord(RecordBinder.typeArgument(type, 0));
    return raw.isRecord() && raw != Threshold.class && raw != Quantity.class && raw != Secret.class;
  }

  /** {@code gates.<name>.threshold} matches {@code gates.api_p95.threshold}. */
  private static Pattern pattern(String key) {
    return Pattern.compile(Pattern.quote(key).replaceAll("<[a-z_]+>", "\\\\E[A-Za-z0-9_-]+\\\\Q"));
  }

  /** Documented key -> its row's default cell. */
  static Map<String, String> documentedKeys() throws IOException {
    assertThat(REFERENCE).as("the configuration reference").isRegularFile();
    Map<String, String> keys = new LinkedHashMap<>();
    boolean inKeyTable = false; // other tables (e.g. the default gates) name no keys
    for (String line : Files.readAllLines(REFERENCE)) {
      if (!line.startsWith("|")) inKeyTable = false;
      else if (line.startsWith("| key |")) inKeyTable = true;
      else if (inKeyTable && line.startsWith("| `")) keysOfRow(line, keys);
    }
    return keys;
  }

  private static Map<String, String> keysOfRow(String row, Map<String, String> into) {
    String[] cells = row.substring(1).split("(?<!\\\\)\\|");
    String defaultCell = cells.length > 1 ? cells[1].strip() : "";
    String previous = null;
    Matcher code = CODE.matcher(cells[0]);
    while (code.find()) {
      String key = code.group(1);
      if (key.startsWith(".") && previous != null) {
        key = previous.substring(0, previous.lastIndexOf('.')) + key;
      }
      previous = key;
      for (String expanded : expandBraces(key)) {
        // a placeholder's word is the reader's (<role>, <op>); the binder's is always <name>
        into.put(expanded.replaceAll("<[a-z_]+>", "<name>"), defaultCell);
      }
    }
    return into;
  }

  private static List<String> expandBraces(String key) {
    Matcher braces = BRACES.matcher(key);
    if (!braces.find()) return List.of(key);
    List<String> keys = new ArrayList<>();
    for (String option : braces.group(1).split(",")) {
      keys.addAll(
          expandBraces(key.substring(0, braces.start()) + option + key.substring(braces.end())));
    }
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> defaultsYaml() throws IOException {
    try (InputStream in =
        ConfigurationReferenceTest.class.getResourceAsStream("/environments/defaults.yaml")) {
      return new tools.jackson.dataformat.yaml.YAMLMapper().readValue(in, Map.class);
    }
  }

  /** Dotted key -> value, for scalars and lists of scalars; maps of records are not defaults. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> flatten(
      String prefix, Map<String, Object> tree, Map<String, Object> into) {
    tree.forEach(
        (name, value) -> {
          String key = prefix.isEmpty() ? name : prefix + "." + name;
          if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            flatten(key, (Map<String, Object>) map, into);
          } else if (value != null
              && !(value instanceof Map<?, ?>)
              && !(value instanceof List<?> list && list.isEmpty())) {
            into.put(key, value);
          }
        });
    return into;
  }

  /** A default as the reference writes it: {@code 15s}, {@code [40, 60, 80, 100]}. */
  private static String shown(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value).strip();
  }
}
