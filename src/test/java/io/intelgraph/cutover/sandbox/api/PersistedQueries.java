package io.intelgraph.cutover.sandbox.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Apollo-style persisted queries: a hash alone resolves to a registered document; a hash with its
 * document registers it (if the hash matches); an unknown hash is {@code PersistedQueryNotFound}.
 */
final class PersistedQueries {

  private final Map<String, String> byHash = new ConcurrentHashMap<>();

  PersistedQueries() {
    GoldenDocuments.ALL.forEach(this::register);
  }

  void register(String document) {
    byHash.put(GoldenDocuments.sha256(document), document);
  }

  /** The document to execute, or the persisted-query error code to answer with. */
  Resolution resolve(GraphQlRequest request) {
    if (request.persistedHash().isEmpty()) {
      return new Resolution(request.query(), Optional.empty());
    }
    String hash = request.persistedHash().get();
    if (request.query().isPresent()) {
      String document = request.query().get();
      if (!GoldenDocuments.sha256(document).equals(hash)) {
        return new Resolution(Optional.empty(), Optional.of("PersistedQueryHashMismatch"));
      }
      byHash.put(hash, document);
      return new Resolution(Optional.of(document), Optional.empty());
    }
    String known = byHash.get(hash);
    return known == null
        ? new Resolution(Optional.empty(), Optional.of("PersistedQueryNotFound"))
        : new Resolution(Optional.of(known), Optional.empty());
  }

  /** Either a document or an error code. */
  record Resolution(Optional<String> document, Optional<String> error) {}
}
