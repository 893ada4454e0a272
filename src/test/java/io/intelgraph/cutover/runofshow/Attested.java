package io.intelgraph.cutover.runofshow;

import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.qameta.allure.Allure;

/**
 * A person's word in the run of show: recorded in the ledger and shown in the report as an
 * attestation, not a measurement.
 */
final class Attested {

  private Attested() {}

  static void record(LedgerStore ledger, Attestation said) {
    ledger.update(l -> l.withAttestation(said));
    Allure.label("attested_by", said.who());
    Allure.addAttachment(
        "Attestation",
        "text/plain",
        "ATTESTED, not measured: %s%nby: %s%nat: %s%n"
            .formatted(said.what(), said.who(), said.at()),
        ".txt");
  }
}
