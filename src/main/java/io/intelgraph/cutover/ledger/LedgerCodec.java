package io.intelgraph.cutover.ledger;

import io.intelgraph.cutover.support.JsonMappers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the ledger's JSON, refusing anything that is not a ledger of this schema for
 * this release. Design note: the check order (JSON, then schema version, then release tag, then the
 * fields) gives the most useful message first: a foreign file is named as foreign, not as a list of
 * missing fields.
 */
final class LedgerCodec {

  private static final String NEW_ATTEMPT =
      "start a new attempt with -Dcutover.attempt=new (the current ledger is archived next to it, not deleted)";

  private static final JsonMapper MAPPER = JsonMappers.STRICT;

  private final String releaseTag;

  LedgerCodec(String releaseTag) {
    this.releaseTag = releaseTag;
  }

  String write(Ledger ledger) {
    return MAPPER.writeValueAsString(ledger);
  }

  Ledger read(String location, String json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JacksonException e) {
      var at = e.getLocation();
      String where =
          at == null ? "" : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
      throw new LedgerException(
          "ledger %s is corrupt: not valid JSON%s (%s); it was not changed. Keep it for the post-mortem and %s"
              .formatted(location, where, e.getOriginalMessage(), NEW_ATTEMPT),
          e);
    }
    if (tree == null || !tree.isObject() || !tree.has("schemaVersion") || !tree.has("releaseTag")) {
      throw new LedgerException(
          "ledger %s is not a maestro-cutover ledger (no schemaVersion and releaseTag at the top level); point the ledger elsewhere (ledger.path / ledger.config_map) or %s"
              .formatted(location, NEW_ATTEMPT));
    }
    int version = tree.get("schemaVersion").asInt(-1);
    if (version != Ledger.SCHEMA_VERSION) {
      throw new LedgerException(
          "ledger %s has schema version %s, this build reads version %d; run the build that wrote it, or %s"
              .formatted(location, tree.get("schemaVersion"), Ledger.SCHEMA_VERSION, NEW_ATTEMPT));
    }
    String tag = tree.get("releaseTag").asString("");
    if (!releaseTag.equals(tag)) {
      throw new LedgerException(
          "ledger %s belongs to release '%s', but this run is release '%s'; check release.tag, or %s"
              .formatted(location, tag, releaseTag, NEW_ATTEMPT));
    }
    try {
      return MAPPER.treeToValue(tree, Ledger.class);
    } catch (JacksonException e) {
      throw new LedgerException(
          "ledger %s is corrupt: %s; it was not changed. Keep it for the post-mortem and %s"
              .formatted(location, e.getOriginalMessage(), NEW_ATTEMPT),
          e);
    }
  }
}
