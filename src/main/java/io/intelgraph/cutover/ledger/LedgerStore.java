package io.intelgraph.cutover.ledger;

import java.util.function.UnaryOperator;

/**
 * Where the ledger of the current release attempt lives, shared by every phase, JVM and runner.
 * {@link #update} is atomic (compare-and-swap): a change computed from a stale ledger is never
 * written, so concurrent runners lose no update. The change function may be called more than once
 * and must be free of side effects.
 *
 * <pre>{@code
 * Ledger after = store.update(l -> l.withAttestation(new Attestation("sre-on-call", "go", now)));
 * }</pre>
 */
public interface LedgerStore {

  /** The current ledger; created (empty, for this release) if there is none yet. */
  Ledger read();

  /** Applies {@code change} to the current ledger atomically and returns what was stored. */
  Ledger update(UnaryOperator<Ledger> change);

  /**
   * Starts a new attempt: the current ledger, even a corrupt or foreign one, is kept aside under an
   * archive name (never deleted) and an empty ledger for this release replaces it.
   *
   * @return the new ledger
   */
  Ledger startNewAttempt();

  /**
   * The release's earlier attempts that {@link #startNewAttempt} archived, oldest first, for what a
   * later attempt reads back (e.g. the restore drill of the previous attempt's closeout). An
   * archive that is not a readable ledger of this release (corrupt, foreign, another schema) is
   * left out: such ledgers are archived precisely because they could not be continued.
   */
  java.util.List<Ledger> archivedAttempts();

  /** Where the ledger lives, for messages: a file path or {@code configmap ns/name}. */
  String location();
}
