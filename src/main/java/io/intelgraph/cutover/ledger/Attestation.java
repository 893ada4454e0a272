package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A sign-off recorded in the ledger, e.g. {@code new Attestation("platform-lead", "go for ramp",
 * now)}.
 */
public record Attestation(String who, String what, Instant at) {
  public Attestation {
    if (who == null || who.isBlank())
      throw new IllegalArgumentException("an attestation needs who made it");
    if (what == null || what.isBlank())
      throw new IllegalArgumentException("an attestation needs what was attested");
    Objects.requireNonNull(at, "attestation time");
  }
}
