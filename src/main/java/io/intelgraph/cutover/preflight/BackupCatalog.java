package io.intelgraph.cutover.preflight;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the backup markers the runbook records before the cutover from the backup catalogue
 * ({@code endpoints.backups}): the newest Neo4j backup and the PostgreSQL point-in-time restore point.
 *
 * <pre>{@code
 * BackupCatalog catalog = new BackupCatalog(env.endpoints().backups().orElseThrow(), env.preflight().timeout());
 * BackupCatalog.Neo4jBackup backup = catalog.neo4jLatest();
 * }</pre>
 */
public final class BackupCatalog {

  public static final String NEO4J_LATEST = "/backups/neo4j/latest";
  public static final String POSTGRES_RESTORE_POINT = "/backups/postgres/restore-point";

  /** The newest Neo4j backup: its id (the backup path), status and completion time. */
  public record Neo4jBackup(String id, String status, Instant completedAt, String source) {
    public boolean isCompleted() {
      return "COMPLETED".equalsIgnoreCase(status);
    }

    public Duration age(Instant now) {
      return Duration.between(completedAt, now);
    }
  }

  /** The PostgreSQL PITR target: its id, the time it restores to and the WAL position. */
  public record RestorePoint(String id, Instant restorePoint, String lsn, String source) {
    public Duration lag(Instant now) {
      return Duration.between(restorePoint, now);
    }
  }

  private final URI base;
  private final JsonGet http;

  public BackupCatalog(URI backups, Duration timeout) {
    this.base = backups;
    this.http = new JsonGet(timeout);
  }

  public Neo4jBackup neo4jLatest() {
    URI uri = base.resolve(NEO4J_LATEST);
    return neo4j(uri, http.get("Neo4j backup catalogue", uri));
  }

  public RestorePoint postgresRestorePoint() {
    URI uri = base.resolve(POSTGRES_RESTORE_POINT);
    return postgres(uri, http.get("PostgreSQL restore point", uri));
  }

  static Neo4jBackup neo4j(URI uri, JsonNode body) {
    String what = "Neo4j backup at " + uri;
    return new Neo4jBackup(text(what, body, "id"), text(what, body, "status"), instant(what, body, "completedAt"), uri.toString());
  }

  static RestorePoint postgres(URI uri, JsonNode body) {
    String what = "PostgreSQL restore point at " + uri;
    return new RestorePoint(text(what, body, "id"), instant(what, body, "restorePoint"), text(what, body, "lsn"), uri.toString());
  }

  private static String text(String what, JsonNode body, String field) {
    JsonNode node = body.path(field);
    if (!node.isString() || node.stringValue().isBlank()) {
      throw new PreflightException("%s has no '%s'; answer: %s".formatted(what, field, JsonGet.excerpt(body.toString())));
    }
    return node.stringValue();
  }

  private static Instant instant(String what, JsonNode body, String field) {
    String value = text(what, body, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new PreflightException("%s: '%s' is '%s', not an ISO-8601 instant such as 2025-09-21T14:00:00Z".formatted(what, field, value), e);
    }
  }
}
