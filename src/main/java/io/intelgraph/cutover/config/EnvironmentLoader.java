package io.intelgraph.cutover.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads the selected environment once, before any check runs.
 *
 * <p>Selection: {@code -Dcutover.config=PATH} (or {@code CUTOVER_CONFIG}), else {@code
 * -Dcutover.env=NAME} (or {@code CUTOVER_ENV}; default {@code sandbox}), found as {@code
 * environments/NAME.yaml} in the working directory, then among the built-ins.
 *
 * <p>Layers, lowest first: the built-in {@code defaults.yaml} (the runbook's values), the
 * environment file, {@link #withOverrides programmatic overrides} (the sandbox's endpoints), {@code
 * CUTOVER_X_Y} environment variables, {@code -Dcutover.x.y} system properties.
 *
 * <pre>{@code
 * Environment env = EnvironmentLoader.fromSystem().load();
 * }</pre>
 */
public final class EnvironmentLoader {

  static final String PROPERTY_PREFIX = "cutover.";
  static final String VARIABLE_PREFIX = "CUTOVER_";
  private static final String SELECT_CONFIG = "config";
  private static final String SELECT_ENV = "env";

  /**
   * Chooses the release attempt ({@code -Dcutover.attempt=new}); read by the JUnit wiring, not a
   * configuration key.
   */
  private static final String SELECT_ATTEMPT = "attempt";

  private static final String DEFAULTS = "/environments/defaults.yaml";

  private final Map<String, String> systemProperties;
  private final Map<String, String> environmentVariables;
  private final Path workingDirectory;
  private final Map<String, String> overrides;

  public EnvironmentLoader(
      Map<String, String> systemProperties,
      Map<String, String> environmentVariables,
      Path workingDirectory) {
    this(systemProperties, environmentVariables, workingDirectory, Map.of());
  }

  private EnvironmentLoader(
      Map<String, String> systemProperties,
      Map<String, String> environmentVariables,
      Path workingDirectory,
      Map<String, String> overrides) {
    this.systemProperties = Map.copyOf(systemProperties);
    this.environmentVariables = Map.copyOf(environmentVariables);
    this.workingDirectory = workingDirectory;
    this.overrides = Map.copyOf(overrides);
  }

  /** A loader reading this JVM's system properties, environment variables and working directory. */
  public static EnvironmentLoader fromSystem() {
    Map<String, String> properties = new TreeMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    return new EnvironmentLoader(properties, System.getenv(), Path.of("").toAbsolutePath());
  }

  /**
   * A loader that also applies these dotted-key values above the file (e.g. the sandbox's
   * endpoints).
   */
  public EnvironmentLoader withOverrides(Map<String, String> values) {
    Map<String, String> merged = new LinkedHashMap<>(overrides);
    merged.putAll(values);
    return new EnvironmentLoader(systemProperties, environmentVariables, workingDirectory, merged);
  }

  /**
   * The environment's name as selected, before loading: lets the caller start the sandbox first.
   */
  public String selectedName() {
    Optional<String> config = selector(SELECT_CONFIG);
    if (config.isPresent()) {
      String file = Path.of(config.get()).getFileName().toString();
      return file.replaceFirst("\\.ya?ml$", "");
    }
    return selector(SELECT_ENV).orElse("sandbox");
  }

  /**
   * Loads, layers, binds and validates everything; throws {@link ConfigException} naming every
   * problem.
   */
  public Environment load() {
    return load(KeysInUse.EVERYTHING);
  }

  /**
   * Loads and validates only the keys a command reads ({@code used}); the others may be absent and
   * are then null in the result.
   */
  public Environment load(KeysInUse used) {
    Source source = locate();
    Map<String, Object> tree = defaults();
    Map<String, Object> file = readYaml(source.name(), source.text());
    replaceWhole(tree, file, "goldens", "operations");
    GateSwitches switches = new GateSwitches();
    switches.readFile(file, source.name());
    deepMerge(tree, file);
    tree.putIfAbsent("name", selectedName());

    List<String> problems = new ArrayList<>();
    overrides.forEach(
        (key, value) -> {
          apply(tree, key, value, "override " + key, problems);
          switches.set(key, "override " + key);
        });
    new TreeMap<>(environmentVariables)
        .forEach(
            (variable, value) -> {
              if (!variable.startsWith(VARIABLE_PREFIX)
                  || isSelector(
                      variable.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT))) {
                return;
              }
              String key = resolveVariable(variable, tree);
              if (key == null) {
                problems.add(
                    "environment variable %s matches no configuration key; unset it or fix its name (keys use _ for . and for _, e.g. CUTOVER_CADENCE_RATE_WINDOW)"
                        .formatted(variable));
              } else {
                apply(tree, key, value, "environment variable " + variable, problems);
                switches.set(key, "environment variable " + variable);
              }
            });
    systemProperties.forEach(
        (property, value) -> {
          if (!property.startsWith(PROPERTY_PREFIX)) return;
          String key = property.substring(PROPERTY_PREFIX.length());
          if (isSelector(key)) return;
          apply(tree, key, value, "-D" + property, problems);
          switches.set(key, "-D" + property);
        });
    StatusLabel.fillIn(tree, problems);
    // a bad `enabled` is reported with the binder's problems: every bad key in one error
    List<String> switchProblems = new ArrayList<>();
    switches.apply(tree, switchProblems);
    if (!problems.isEmpty()) {
      problems.addAll(switchProblems);
      throw new ConfigException(source.name(), problems);
    }

    RecordBinder binder = new RecordBinder(environmentVariables::get, used::covers, used::binds);
    Environment environment = binder.bind(tree, Environment.class);
    if (environment == null || !switchProblems.isEmpty()) {
      switchProblems.addAll(binder.problems());
      throw new ConfigException(source.name(), switchProblems);
    }
    return environment;
  }

  private boolean isSelector(String key) {
    return SELECT_CONFIG.equals(key) || SELECT_ENV.equals(key) || SELECT_ATTEMPT.equals(key);
  }

  private Optional<String> selector(String name) {
    String property = systemProperties.get(PROPERTY_PREFIX + name);
    if (property != null && !property.isBlank()) return Optional.of(property.trim());
    String variable = environmentVariables.get(VARIABLE_PREFIX + name.toUpperCase(Locale.ROOT));
    if (variable != null && !variable.isBlank()) return Optional.of(variable.trim());
    return Optional.empty();
  }

  private record Source(String name, String text) {}

  private Source locate() {
    Optional<String> config = selector(SELECT_CONFIG);
    if (config.isPresent()) {
      Path path = workingDirectory.resolve(config.get());
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(
            "-Dcutover.config=%s: no such file (looked at %s); give the path of an environment YAML file"
                .formatted(config.get(), path));
      }
      return new Source(path.toString(), read(path));
    }
    String name = selectedName();
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new ConfigException(
          "-Dcutover.env=%s: not an environment name; use lower case letters, digits, . _ -"
              .formatted(name));
    }
    Path local = workingDirectory.resolve("environments").resolve(name + ".yaml");
    if (Files.isRegularFile(local)) {
      return new Source(local.toString(), read(local));
    }
    String builtIn = "/environments/" + name + ".yaml";
    String text = resource(builtIn);
    if (text == null || "defaults".equals(name)) {
      throw new ConfigException(
          ("-Dcutover.env=%s: no environment of that name (looked for %s and the built-in /environments/%s.yaml on the classpath:"
                  + " prod.example ships with the suite, sandbox with its test fixtures);"
                  + " create environments/%s.yaml from prod.example.yaml or pass -Dcutover.config=PATH")
              .formatted(name, local, name, name));
    }
    return new Source("built-in " + name + ".yaml", text);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          "%s: cannot be read (%s); check the path and its permissions"
              .formatted(path, e.getMessage()));
    }
  }

  private static String resource(String name) {
    try (InputStream in = EnvironmentLoader.class.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in " + name, e);
    }
  }

  /**
   * The built-in defaults, parsed at most once per JVM (see {@link #preloadDefaults}); each load
   * gets its own copy to layer over.
   */
  private static Map<String, Object> defaults() {
    return deepCopy(parsedDefaults());
  }

  /**
   * Guarded by the class: a second caller waits for the first one's parse instead of repeating it.
   */
  private static Map<String, Object> parsedDefaults;

  private static synchronized Map<String, Object> parsedDefaults() {
    if (parsedDefaults == null) {
      parsedDefaults = readYaml(DEFAULTS, resource(DEFAULTS));
    }
    return parsedDefaults;
  }

  /**
   * Parses the built-in defaults now, so that a later {@link #load} finds them parsed: the command
   * line calls it on a second core while picocli parses the arguments (the defaults are the largest
   * YAML a command reads, and the first, so the parser runs cold on them). Every load in the JVM
   * shares that one parse. A failure here is left for {@link #load} to report.
   */
  public static void preloadDefaults() {
    parsedDefaults();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(key, deepCopyValue(value)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopyValue(Object value) {
    if (value instanceof Map<?, ?> map) return deepCopy((Map<String, Object>) map);
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(deepCopyValue(item)));
      return copy;
    }
    return value; // scalars: strings, numbers, booleans, all immutable
  }

  /** Thread-safe once built; building one costs as much as a small parse. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(String name, String text) {
    if (text == null) {
      throw new IllegalStateException("built-in " + name + " is missing from the classpath");
    }
    try {
      Object tree = YAML.readValue(text, Object.class);
      if (tree == null) return new LinkedHashMap<>();
      if (!(tree instanceof Map<?, ?>)) {
        throw new ConfigException(
            "%s: the top level is not a mapping; an environment file is `key: value` sections (see prod.example.yaml)"
                .formatted(name));
      }
      return (Map<String, Object>) tree;
    } catch (JacksonException e) {
      var location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
      throw new ConfigException(
          "%s: is not valid YAML%s: %s; fix the syntax there"
              .formatted(name, where, e.getOriginalMessage()));
    }
  }

  /**
   * A GraphQL operation is one thing: an environment that redefines one replaces its default whole,
   * so a default document's variables and reads never linger beside another schema's.
   */
  @SuppressWarnings("unchecked")
  private static void replaceWhole(
      Map<String, Object> base, Map<String, Object> top, String section, String key) {
    if (top.get(section) instanceof Map<?, ?> topSection
        && topSection.get(key) instanceof Map<?, ?> topEntries
        && base.get(section) instanceof Map<?, ?> baseSection
        && baseSection.get(key) instanceof Map<?, ?> baseEntries) {
      topEntries.keySet().forEach(((Map<Object, Object>) baseEntries)::remove);
    }
  }

  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> base, Map<String, Object> top) {
    top.forEach(
        (key, value) -> {
          Object existing = base.get(key);
          if (isNull(value)) {
            // an explicit `key: null` (or `~`) unsets a default, e.g. preflight.freeze.config_map
            // when the freeze is a CI variable instead
            base.remove(key);
          } else if (existing instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> topMap) {
            deepMerge((Map<String, Object>) baseMap, (Map<String, Object>) topMap);
          } else {
            base.put(key, value);
          }
        });
  }

  /**
   * YAML's null: {@code null}, {@code ~} or an empty value (the parser keeps a plain {@code ~} as
   * text).
   */
  static boolean isNull(Object value) {
    return value == null || "~".equals(value);
  }

  @SuppressWarnings("unchecked")
  private static void apply(
      Map<String, Object> tree,
      String dottedKey,
      String value,
      String origin,
      List<String> problems) {
    String[] parts = dottedKey.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.get(parts[i]);
      if (child == null) {
        child = new LinkedHashMap<String, Object>();
        node.put(parts[i], child);
      }
      if (!(child instanceof Map<?, ?>)) {
        problems.add(
            "%s: `%s` is a single value, so `%s` cannot be set below it; override `%s` itself"
                .formatted(
                    origin,
                    String.join(".", List.of(parts).subList(0, i + 1)),
                    dottedKey,
                    String.join(".", List.of(parts).subList(0, i + 1))));
        return;
      }
      node = (Map<String, Object>) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  /**
   * Maps CUTOVER_GATES_API_P95_THRESHOLD to gates.api_p95.threshold by walking the schema, since
   * keys may contain underscores themselves; the longest key that matches wins.
   */
  String resolveVariable(String variable, Map<String, Object> tree) {
    String[] tokens =
        variable.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).split("_");
    return resolve(tokens, 0, Environment.class, tree);
  }

  private static String resolve(String[] tokens, int from, Type type, Object subtree) {
    Class<?> raw = RecordBinder.rawClass(type);
    if (raw == Optional.class) {
      return resolve(tokens, from, RecordBinder.typeArgument(type, 0), subtree);
    }
    if (from == tokens.length) {
      return "";
    }
    List<String> candidates = new ArrayList<>();
    List<Type> candidateTypes = new ArrayList<>();
    if (raw.isRecord()) {
      RecordShape shape = RecordShape.of(raw);
      candidates.addAll(shape.keys());
      candidateTypes.addAll(shape.types());
      if (raw == GateSpec.class) {
        // a gate's `enabled` is read by the loader (GateSwitches), never bound
        candidates.add(GateSwitches.ENABLED);
        candidateTypes.add(String.class);
      }
    } else if (raw == Map.class && subtree instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        candidates.add(String.valueOf(key));
        candidateTypes.add(RecordBinder.typeArgument(type, 1));
      }
    } else if (raw == Secret.class) {
      candidates.addAll(List.of("env", "file"));
      candidateTypes.addAll(List.of(String.class, String.class));
    } else {
      return null;
    }
    String best = null;
    int bestLength = -1;
    for (int i = 0; i < candidates.size(); i++) {
      String[] keyTokens = candidates.get(i).split("_");
      if (keyTokens.length <= bestLength || from + keyTokens.length > tokens.length) continue;
      boolean matches = true;
      for (int k = 0; k < keyTokens.length && matches; k++) {
        matches = keyTokens[k].equals(tokens[from + k]);
      }
      if (!matches) continue;
      Object child = subtree instanceof Map<?, ?> map ? map.get(candidates.get(i)) : null;
      String rest = resolve(tokens, from + keyTokens.length, candidateTypes.get(i), child);
      if (rest != null) {
        best = candidates.get(i) + (rest.isEmpty() ? "" : "." + rest);
        bestLength = keyTokens.length;
      }
    }
    return best;
  }
}
