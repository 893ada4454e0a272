package io.intelgraph.cutover.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One GraphQL document a golden sends, by its operation name, optionally as an Apollo persisted
 * query ({@code extensions.persistedQuery.sha256Hash}; the full document is sent only when the
 * server answers {@code PersistedQueryNotFound}).
 *
 * <pre>
 * graph_neighborhood:
 *   operation_name: Neighborhood
 *   document: query Neighborhood($input: NeighborhoodInput!) { graphNeighborhood(input: $input) { depthReached entities { id depth } } }
 *   persisted_query_hash: 3f1c...   # optional, 64 lower-case hex digits
 * </pre>
 */
public record GraphQlOperation(String document, String operationName, Optional<String> persistedQueryHash) {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  public GraphQlOperation {
    if (document == null || document.isBlank()) throw new IllegalArgumentException("document is empty; write the GraphQL operation");
    if (operationName == null || !operationName.matches("[_A-Za-z][_0-9A-Za-z]*")) {
      throw new IllegalArgumentException("operation_name '%s' is not a GraphQL name".formatted(operationName));
    }
    if (!Pattern.compile("\\b(query|mutation|subscription)\\s+" + operationName + "\\b").matcher(document).find()) {
      throw new IllegalArgumentException("document does not define operation '%s'; start it with e.g. `query %s(...)`"
          .formatted(operationName, operationName));
    }
    persistedQueryHash.ifPresent(hash -> {
      if (!HASH.matcher(hash).matches()) {
        throw new IllegalArgumentException("persisted_query_hash '%s' is not a SHA-256 in lower-case hex (64 digits)".formatted(hash));
      }
    });
  }
}
