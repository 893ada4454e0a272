package io.intelgraph.cutover.ledger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/** A second JVM for {@link FileLedgerStoreTest}: appends N attestations to a ledger file. */
final class LedgerWriterMain {
  private LedgerWriterMain() {}

  public static void main(String[] args) {
    FileLedgerStore store = new FileLedgerStore(Path.of(args[0]), "v1", Clock.systemUTC());
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      int n = i;
      store.update(l -> l.withAttestation(new Attestation(args[1], "update " + n, Instant.now())));
    }
  }
}
