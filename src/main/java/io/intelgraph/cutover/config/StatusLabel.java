package io.intelgraph.cutover.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills {@code {{status_label}}} ({@code prometheus.labels.status}) into the status-based queries
 * of the layered configuration before it is bound, so the gates, the KPI watch and the closeout
 * match on one label name, set in one place.
 *
 * <p>Design note: it runs on the YAML tree, not on the records, because the KPI and closeout
 * selectors are plain strings their lines use as they are; a name that is not a Prometheus label
 * name is refused here, before it could be written into any query.
 */
final class StatusLabel {

  static final String PLACEHOLDER = "{{status_label}}";
  static final String KEY = "prometheus.labels.status";

  /** https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels */
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private static final List<String> SECTIONS = List.of("gates", "kpi", "closeout");

  private StatusLabel() {}

  static boolean isLabelName(String name) {
    return LABEL_NAME.matcher(name).matches();
  }

  static String invalid(String name) {
    return "%s is '%s'; expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*), e.g. status or status_code"
        .formatted(KEY, name);
  }

  /**
   * Replaces the placeholder in every string under gates, kpi and closeout; a bad label name is a
   * problem at its key.
   */
  @SuppressWarnings("unchecked")
  static void fillIn(Map<String, Object> tree, List<String> problems) {
    Object label =
        tree.get("prometheus") instanceof Map<?, ?> prometheus
                && prometheus.get("labels") instanceof Map<?, ?> labels
            ? labels.get("status")
            : null;
    if (label == null) return; // the binder reports the missing key
    String name = String.valueOf(label).strip();
    if (!isLabelName(name)) {
      problems.add(invalid(name));
      return;
    }
    for (String section : SECTIONS) {
      Object value = tree.get(section);
      if (value != null) tree.put(section, fill(value, name));
    }
  }

  @SuppressWarnings("unchecked")
  private static Object fill(Object value, String name) {
    if (value instanceof String text) return text.replace(PLACEHOLDER, name);
    if (value instanceof Map<?, ?> map) {
      ((Map<Object, Object>) map).replaceAll((k, v) -> v == null ? null : fill(v, name));
      return map;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> v == null ? null : fill(v, name)).toList();
    }
    return value;
  }
}
