package io.intelgraph.cutover.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a golden's variables template ({@code goldens.operations.<op>.variables}) with the values
 * of one run: a string that is exactly {@code {{name}}} becomes the value itself, keeping its type
 * (the labels stay a list, {@code max_depth} a number); inside longer text the value is spliced in.
 *
 * <pre>{@code
 * Map<String, Object> variables = GraphQlVariables.fill(operation.variables(), Map.of("tenant", "tenant-a", "id", id));
 * }</pre>
 */
final class GraphQlVariables {

  private static final Pattern WHOLE = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

  private GraphQlVariables() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> fill(Map<String, Object> template, Map<String, ?> values) {
    return (Map<String, Object>) fillValue(template, values);
  }

  private static Object fillValue(Object template, Map<String, ?> values) {
    if (template instanceof Map<?, ?> map) {
      Map<String, Object> filled = new LinkedHashMap<>();
      map.forEach((k, v) -> filled.put(String.valueOf(k), fillValue(v, values)));
      return filled;
    }
    if (template instanceof List<?> list) {
      List<Object> filled = new ArrayList<>();
      list.forEach(v -> filled.add(fillValue(v, values)));
      return filled;
    }
    if (template instanceof String text) {
      Matcher whole = WHOLE.matcher(text);
      if (whole.matches()) return value(whole.group(1), values, text);
      Matcher m = WHOLE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find())
        m.appendReplacement(
            out, Matcher.quoteReplacement(String.valueOf(value(m.group(1), values, text))));
      m.appendTail(out);
      return out.toString();
    }
    return template;
  }

  private static Object value(String name, Map<String, ?> values, String where) {
    if (!values.containsKey(name)) {
      throw new GoldenException(
          "the variables template uses {{%s}} in '%s', which this golden does not provide (it provides %s);"
                  .formatted(name, where, values.keySet())
              + " use one of those in goldens.operations.<op>.variables");
    }
    return values.get(name);
  }
}
