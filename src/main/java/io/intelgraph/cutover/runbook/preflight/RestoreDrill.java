package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Attestations;
import io.intelgraph.cutover.runbook.Attested;

/**
 * T-15 "Backup verification: Restore procedures tested": the suite cannot restore a database, and
 * the backups' status and age are lines of their own, so the restore drill stays a person's
 * attestation ({@code attestations.restore_tested}), recorded in the ledger like the T-30 ones.
 *
 * <pre>{@code
 * assertThat(RestoreDrill.attested().run(context)).passed();
 * }</pre>
 */
public final class RestoreDrill {

  private RestoreDrill() {}

  /** "Backup verification: Restore procedures tested", by {@code attestations.restore_tested}. */
  public static Attested attested() {
    return Attested.by(
        "restore_tested",
        Attestations::restoreTested,
        "Backup verification: Restore procedures tested",
        "carol restored neo4j-full-20250921T0100Z to staging at 13:40Z");
  }
}
