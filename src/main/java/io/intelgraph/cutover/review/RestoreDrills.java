package io.intelgraph.cutover.review;

import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The restore drills the ledger recorded: the T-15 line "Backup verification: Restore procedures
 * tested" and the closeout's restore drill lines record an attestation whose text starts with one
 * of {@link #LINES}.
 */
public final class RestoreDrills {

  /** The beginnings of the ledger attestations that record a restore drill. */
  public static final List<String> LINES =
      List.of(
          "Backup verification: Restore procedures tested",
          "PostgreSQL restore drill",
          "Neo4j backup verification");

  private RestoreDrills() {}

  /** The most recent one, if any. */
  public static Optional<Attestation> latest(Ledger ledger) {
    return ledger.attestations().stream()
        .filter(a -> LINES.stream().anyMatch(a.what()::startsWith))
        .max(Comparator.comparing(Attestation::at));
  }
}
