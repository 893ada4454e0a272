package io.intelgraph.cutover.sandbox.api;

import java.util.Map;
import java.util.Optional;

/** A GraphQL-over-HTTP (or graphql-transport-ws subscribe) payload, parsed once at the edge. */
record GraphQlRequest(
    Optional<String> query,
    Optional<String> operationName,
    Map<String, Object> variables,
    Optional<String> persistedHash) {

  GraphQlRequest {
    variables = variables == null ? Map.of() : variables;
  }

  @SuppressWarnings("unchecked")
  static GraphQlRequest from(Map<String, Object> payload) {
    Object query = payload.get("query");
    Object operationName = payload.get("operationName");
    Object variables = payload.get("variables");
    Object extensions = payload.get("extensions");
    if (query != null && !(query instanceof String)) {
      throw new BadRequestException(
          "'query' must be a string, got " + query.getClass().getSimpleName());
    }
    if (variables != null && !(variables instanceof Map)) {
      throw new BadRequestException(
          "'variables' must be a JSON object, got " + variables.getClass().getSimpleName());
    }
    Optional<String> hash = Optional.empty();
    if (extensions instanceof Map<?, ?> ext
        && ext.get("persistedQuery") instanceof Map<?, ?> pq
        && pq.get("sha256Hash") instanceof String h) {
      hash = Optional.of(h);
    }
    if (query == null && hash.isEmpty()) {
      throw new BadRequestException(
          "a GraphQL request needs 'query' or extensions.persistedQuery.sha256Hash");
    }
    return new GraphQlRequest(
        Optional.ofNullable((String) query),
        Optional.ofNullable(operationName instanceof String s ? s : null),
        (Map<String, Object>) variables,
        hash);
  }

  /** The payload is not a GraphQL request at all (HTTP 400 / close 4400). */
  static final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
      super(message);
    }
  }
}
