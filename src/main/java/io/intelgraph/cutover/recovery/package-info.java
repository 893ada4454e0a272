/**
 * Backup and recovery validation of the day-3 closeout: a PostgreSQL restore drill into a scratch
 * server ({@link io.intelgraph.cutover.recovery.RestoreDrillRunner}) and the Neo4j backup's
 * recorded size and integrity ({@link io.intelgraph.cutover.recovery.Neo4jBackupVerification}). A
 * backup that does not exist, failed or says nothing is a failure, never a skip. Each drill is kept
 * in the ledger as a {@code drill} event ({@link io.intelgraph.cutover.recovery.DrillRecord}), so a
 * later line or attempt can read back when it ran and what it measured.
 *
 * <p>May import {@code config}, {@code ledger}, {@code prometheus}, {@code support} and {@code
 * waiting}.
 */
package io.intelgraph.cutover.recovery;
