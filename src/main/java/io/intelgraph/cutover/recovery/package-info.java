/**
 * Backup and recovery validation of the day-3 closeout: a PostgreSQL restore drill into a scratch
 * server ({@link io.intelgraph.cutover.recovery.RestoreDrillRunner}) and the Neo4j backup's
 * recorded size and integrity ({@link io.intelgraph.cutover.recovery.Neo4jBackupVerification}). A
 * backup that does not exist, failed or says nothing is a failure, never a skip.
 *
 * <p>May import {@code config}, {@code prometheus}, {@code support} and {@code waiting}.
 */
package io.intelgraph.cutover.recovery;
