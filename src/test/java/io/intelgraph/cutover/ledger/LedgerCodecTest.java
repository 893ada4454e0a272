package io.intelgraph.cutover.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class LedgerCodecTest {

  static final Instant NOW = Instant.parse("2026-11-27T14:00:00Z");
  final LedgerCodec codec = new LedgerCodec("v1");

  @Test
  void aRollbackWithItsLeaseAndTakeoversRoundTrips() {
    RollbackRecord taken = RollbackRecord.executing("api_p95 RED", "GateChecks#p95", RollbackLease.grant("a", NOW, Duration.ofMinutes(1)), false, NOW)
        .takenOver(RollbackLease.grant("b", NOW.plusSeconds(90), Duration.ofMinutes(1)), "ci-8", "the lease of a expired", false, NOW.plusSeconds(90));
    Ledger ledger = Ledger.start("v1", NOW).withRollback(taken);

    assertThat(codec.read("test", codec.write(ledger))).isEqualTo(ledger);
  }

  @Test
  void aLedgerWrittenBeforeLeasesExistedIsReadWithoutOne() {
    Ledger ledger = Ledger.start("v1", NOW)
        .withRollback(RollbackRecord.executing("api_p95 RED", "GateChecks#p95", RollbackLease.grant("a", NOW, Duration.ofMinutes(1)), false, NOW));
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree = (ObjectNode) json.readTree(codec.write(ledger));
    ObjectNode rollback = (ObjectNode) tree.get("rollback");
    rollback.remove(List.of("lease", "takeovers"));

    RollbackRecord read = codec.read("older", json.writeValueAsString(tree)).rollback().orElseThrow();

    assertThat(read.state()).isEqualTo(RollbackRecord.State.EXECUTING);
    assertThat(read.lease()).isEmpty();
    assertThat(read.takeovers()).isEmpty();
    assertThat(read.leaseExpiry(Duration.ofMinutes(1))).isEqualTo(NOW.plusSeconds(60));
    assertThat(read.summary()).contains("held by a (no lease recorded)");
  }

  @Test
  void aHaltAndATrafficOwnerRoundTripAndALedgerWrittenBeforeThemReadsWithout() {
    Ledger ledger = Ledger.start("v1", NOW).withTraffic(new TrafficStep(20, "canary", NOW))
        .withTrafficOwner(java.util.Optional.of(new TrafficOwner("canary", RollbackLease.grant("a/canary", NOW, Duration.ofMinutes(1)))))
        .withHalt(new HaltRecord(io.intelgraph.cutover.config.HaltPolicy.HOLD, "the canary phase ended FAILED", 20, "canary", "a", NOW.plusSeconds(5)));
    assertThat(codec.read("test", codec.write(ledger))).isEqualTo(ledger);

    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree = (ObjectNode) json.readTree(codec.write(ledger));
    tree.remove(List.of("trafficOwner", "halt"));
    Ledger older = codec.read("older", json.writeValueAsString(tree));

    assertThat(older.trafficOwner()).isEmpty();
    assertThat(older.halt()).isEmpty();
    assertThat(older.heldCanary()).isEmpty();
  }
}
