package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.standin.StandInServer.Request;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for the backup catalogue the runbook consults before a cutover:
 * <ul>
 *   <li>{@code GET /backups/neo4j/latest} -> {@code {"id":"neo4j-full-20261127T010000Z",
 *       "database":"neo4j","kind":"full","status":"COMPLETED","completedAt":"2026-11-27T01:00:00Z",
 *       "sizeBytes":...}}: the last full backup, taken on the hour, {@link #NEO4J_BACKUP_AGE} old at most
 *       plus an hour;</li>
 *   <li>{@code GET /backups/postgres/restore-point} -> {@code {"id":"pitr-20261127T025930Z",
 *       "database":"intelgraph","restorePoint":"2026-11-27T02:59:30Z","lsn":"0/...","walArchivedThrough":...}}:
 *       the latest point-in-time-recovery target, {@link #WAL_ARCHIVE_LAG} behind now.</li>
 * </ul>
 * <pre>{@code try (BackupsStandIn backups = BackupsStandIn.start(Clock.systemUTC())) { backups.baseUrl(); }}</pre>
 */
public final class BackupsStandIn implements AutoCloseable {

  public static final Duration NEO4J_BACKUP_AGE = Duration.ofHours(2);
  public static final Duration WAL_ARCHIVE_LAG = Duration.ofSeconds(30);

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Clock clock;
  private final StandInServer server;

  private BackupsStandIn(Clock clock) {
    this.clock = clock;
    this.server = new StandInServer("backups", Map.of(
        "/backups/neo4j/latest", request -> get(request, this::neo4jLatest),
        "/backups/postgres/restore-point", request -> get(request, this::postgresRestorePoint)));
  }

  public static BackupsStandIn start(Clock clock) {
    return new BackupsStandIn(clock);
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  private interface Body {
    Map<String, Object> now();
  }

  private static Response get(Request request, Body body) {
    return "GET".equals(request.method())
        ? Response.json(200, JSON.writeValueAsString(body.now()))
        : Response.methodNotAllowed(request, "GET");
  }

  private Map<String, Object> neo4jLatest() {
    Instant completed = clock.instant().minus(NEO4J_BACKUP_AGE).truncatedTo(ChronoUnit.HOURS);
    Map<String, Object> backup = new LinkedHashMap<>();
    backup.put("id", "neo4j-full-" + ID_TIME.format(completed));
    backup.put("database", "neo4j");
    backup.put("kind", "full");
    backup.put("status", "COMPLETED");
    backup.put("completedAt", completed.toString());
    backup.put("sizeBytes", 7_516_192_768L);
    return backup;
  }

  private Map<String, Object> postgresRestorePoint() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant point = now.minus(WAL_ARCHIVE_LAG);
    Map<String, Object> restorePoint = new LinkedHashMap<>();
    restorePoint.put("id", "pitr-" + ID_TIME.format(point));
    restorePoint.put("database", "intelgraph");
    restorePoint.put("restorePoint", point.toString());
    restorePoint.put("lsn", "0/%X".formatted(point.getEpochSecond() * 4096));
    restorePoint.put("walArchivedThrough", point.toString());
    return restorePoint;
  }

  @Override
  public void close() {
    server.close();
  }
}
