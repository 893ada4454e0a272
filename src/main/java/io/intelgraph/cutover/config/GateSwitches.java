package io.intelgraph.cutover.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gates.<name>.enabled: false}: switches a gate off, e.g. a default gate that reads series
 * an environment does not have ({@code database_up} and {@code api_up} read blackbox {@code
 * probe_success}). The loader removes a switched-off gate before binding, so every reader of {@link
 * Environment#gates()} ignores it alike, and keeps in {@link Environment#gatesSwitchedOff()} which
 * configuration source switched it off, so that every report can say so.
 *
 * <p>Design note: the source is the last layer that set the key (the environment file, an override,
 * a {@code CUTOVER_*} variable or a {@code -Dcutover.*} property), as the layers apply lowest
 * first. {@code gates.<name>: null} in the file switches the gate off too, rather than leaving a
 * gate that silently vanished from every report.
 */
final class GateSwitches {

  static final String ENABLED = "enabled";

  static final String SHADOW = "shadow";
  static final String GROUP_BY = "group_by";

  /** The key the loader fills in; an environment file may not set it. */
  static final String SWITCHED_OFF = "gates_switched_off";

  private final Map<String, String> origins = new LinkedHashMap<>();

  /**
   * Notes the file's {@code enabled} keys (and turns a {@code null} gate into a switched-off one).
   */
  @SuppressWarnings("unchecked")
  void readFile(Map<String, Object> file, String source) {
    if (!(file.get("gates") instanceof Map<?, ?> gates)) return;
    for (Map.Entry<String, Object> gate : ((Map<String, Object>) gates).entrySet()) {
      if (EnvironmentLoader.isNull(gate.getValue())) {
        gate.setValue(new LinkedHashMap<>(Map.of(ENABLED, false)));
      }
      if (gate.getValue() instanceof Map<?, ?> fields && fields.containsKey(ENABLED)) {
        origins.put(gate.getKey(), source);
      }
    }
  }

  /** Notes a dotted key set by a later layer, if it is a gate's {@code enabled}. */
  void set(String dottedKey, String origin) {
    String[] parts = dottedKey.split("\\.");
    if (parts.length == 3 && "gates".equals(parts[0]) && ENABLED.equals(parts[2])) {
      origins.put(parts[1], origin);
    }
  }

  /**
   * Removes every {@code enabled} key from the merged tree and every gate switched off, and fills
   * in {@value #SWITCHED_OFF}: gate name to the source that switched it off.
   */
  @SuppressWarnings("unchecked")
  void apply(Map<String, Object> tree, List<String> problems) {
    if (tree.containsKey(SWITCHED_OFF)) {
      problems.add(
          "`%s` is filled in by the suite; switch a gate off with `gates.NAME.enabled: false` instead"
              .formatted(SWITCHED_OFF));
    }
    Map<String, String> switchedOff = new LinkedHashMap<>();
    if (tree.get("gates") instanceof Map<?, ?> gates) {
      ((Map<String, Object>) gates)
          .entrySet()
          .removeIf(
              gate -> {
                if (!(gate.getValue() instanceof Map<?, ?> fields)
                    || !fields.containsKey(ENABLED)) {
                  return false;
                }
                Object raw = fields.remove(ENABLED);
                String origin = origins.getOrDefault(gate.getKey(), "the environment file");
                Boolean enabled = parse(raw);
                if (enabled == null) {
                  problems.add(
                      "%s: `gates.%s.enabled` is '%s'; expected true or false (false switches the gate off)"
                          .formatted(origin, gate.getKey(), raw));
                  return false;
                }
                if (!enabled) switchedOff.put(gate.getKey(), origin);
                return !enabled;
              });
    }
    tree.put(SWITCHED_OFF, switchedOff);
    judgingWholeUnlessSet(tree);
  }

  /**
   * {@code gates.<name>.shadow} defaults to false and {@code group_by} to none for every gate, the
   * environment's own included: a gate judges the release, on one number, unless it says otherwise,
   * and a file written before these keys existed keeps binding. A value that is set is left for the
   * binder to check.
   */
  @SuppressWarnings("unchecked")
  private static void judgingWholeUnlessSet(Map<String, Object> tree) {
    if (!(tree.get("gates") instanceof Map<?, ?> gates)) return;
    for (Object fields : ((Map<String, Object>) gates).values()) {
      if (fields instanceof Map<?, ?> gate) {
        ((Map<String, Object>) gate).putIfAbsent(SHADOW, false);
        ((Map<String, Object>) gate).putIfAbsent(GROUP_BY, new java.util.ArrayList<>());
      }
    }
  }

  private static Boolean parse(Object raw) {
    if (raw instanceof Boolean value) return value;
    if (raw instanceof String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> null;
      };
    }
    return null;
  }
}
