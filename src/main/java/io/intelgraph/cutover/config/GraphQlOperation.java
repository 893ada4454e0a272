package io.intelgraph.cutover.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GraphQL document a golden sends, the variables it sends with it, and the places the golden
 * reads in the answer, so a golden fits any schema by configuration. Optionally an Apollo persisted
 * query ({@code extensions.persistedQuery.sha256Hash}; the full document is sent only when the
 * server answers {@code PersistedQueryNotFound}).
 *
 * <p>{@code variables} is a template: a string that is exactly {@code {{name}}} becomes the value
 * with its type (a number stays a number, the labels a list), inside longer text it is spliced in.
 * Names: {@value #PLACEHOLDER_NAMES}.
 *
 * <p>{@code read} maps what a golden needs to an RFC 6901 JSON Pointer into the GraphQL response
 * ({@code /data/createEntity/id}); pointers of items of a list ({@code entity_id}, {@code
 * entity_depth}, {@code edge_from}, {@code edge_to}) are relative to the item. Which names each
 * operation needs is checked by {@link Goldens.Operations}.
 *
 * <pre>
 * graph_neighborhood:
 *   operation_name: Neighborhood
 *   document: query Neighborhood($input: NeighborhoodInput!) { graphNeighborhood(input: $input) { depthReached entities { id depth } } }
 *   variables: {input: {startEntityId: "{{seed_entity_id}}", tenantId: "{{tenant}}", maxDepth: "{{max_depth}}", limit: "{{limit}}"}}
 *   read: {entities: /data/graphNeighborhood/entities, entity_id: /id, entity_depth: /depth, depth: /data/graphNeighborhood/depthReached}
 *   persisted_query_hash: 3f1c...   # optional, 64 lower-case hex digits
 * </pre>
 *
 * https://www.rfc-editor.org/rfc/rfc6901
 */
public record GraphQlOperation(
    String document,
    String operationName,
    Optional<String> persistedQueryHash,
    Map<String, Object> variables,
    Map<String, String> read) {

  static final String PLACEHOLDER_NAMES =
      "tenant, kind, marker, labels, props, id, seed_entity_id, max_depth, limit";

  /** What a {@code {{name}}} in {@code variables} may name. */
  public static final Set<String> PLACEHOLDERS = Set.of(PLACEHOLDER_NAMES.split(", "));

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

  public GraphQlOperation {
    if (document == null || document.isBlank())
      throw new IllegalArgumentException("document is empty; write the GraphQL operation");
    if (operationName == null || !operationName.matches("[_A-Za-z][_0-9A-Za-z]*")) {
      throw new IllegalArgumentException(
          "operation_name '%s' is not a GraphQL name".formatted(operationName));
    }
    if (!Pattern.compile("\\b(query|mutation|subscription)\\s+" + operationName + "\\b")
        .matcher(document)
        .find()) {
      throw new IllegalArgumentException(
          "document does not define operation '%s'; start it with e.g. `query %s(...)`"
              .formatted(operationName, operationName));
    }
    persistedQueryHash.ifPresent(
        hash -> {
          if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException(
                "persisted_query_hash '%s' is not a SHA-256 in lower-case hex (64 digits)"
                    .formatted(hash));
          }
        });
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    List<String> unknown = new ArrayList<>();
    placeholdersIn(variables, unknown);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "variables use unknown placeholders %s; known: %s".formatted(unknown, PLACEHOLDER_NAMES));
    }
    read = Map.copyOf(read);
    read.forEach(
        (name, pointer) -> {
          if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException(
                ("read.%s '%s' is not a JSON Pointer (RFC 6901); start it with /, e.g. /data/createEntity/id")
                    .formatted(name, pointer));
          }
          if (pointer.contains("*")) {
            throw new IllegalArgumentException(
                "read.%s '%s' has a wildcard; JSON Pointers name one place, e.g. /data/entity/id"
                    .formatted(name, pointer));
          }
        });
  }

  /** The pointer configured for {@code name}, if any. */
  public Optional<String> pointer(String name) {
    return Optional.ofNullable(read.get(name));
  }

  private static void placeholdersIn(Object value, List<String> unknown) {
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> placeholdersIn(v, unknown));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> placeholdersIn(v, unknown));
    } else if (value instanceof String text) {
      Matcher m = PLACEHOLDER.matcher(text);
      while (m.find()) {
        if (!PLACEHOLDERS.contains(m.group(1))) unknown.add(m.group(1));
      }
    }
  }
}
