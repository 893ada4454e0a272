package io.intelgraph.cutover.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class LedgerCodecTest {

  static final Instant NOW = Instant.parse("2026-11-27T14:00:00Z");
  final LedgerCodec codec = new LedgerCodec("v1");

  @Test
  void aRollbackWithItsLeaseAndTakeoversRoundTrips() {
    RollbackRecord taken =
        RollbackRecord.executing(
                "api_p95 RED",
                "GateChecks#p95",
                RollbackLease.grant("a", NOW, Duration.ofMinutes(1)),
                false,
                NOW)
            .takenOver(
                RollbackLease.grant("b", NOW.plusSeconds(90), Duration.ofMinutes(1)),
                "ci-8",
                "the lease of a expired",
                false,
                NOW.plusSeconds(90));
    Ledger ledger = Ledger.start("v1", NOW).withRollback(taken);

    assertThat(codec.read("test", codec.write(ledger))).isEqualTo(ledger);
  }

  @Test
  void aDoneUnhealthyRollbackWithItsRecoveryRoundTrips() {
    RollbackRecord claimed =
        RollbackRecord.executing(
            "error_ratio_5xx RED",
            "RampTest#step",
            RollbackLease.grant("a", NOW, Duration.ofMinutes(1)),
            false,
            NOW);
    StableRecovery stillBroken =
        StableRecovery.unhealthy(
                NOW.plusSeconds(2),
                NOW.plusSeconds(302),
                Duration.ofMinutes(5),
                List.of("auth_error_ratio[stable] GREEN PASS"),
                List.of("error_ratio_5xx[stable] YELLOW BREACH: 29.1 % > 1 %"))
            .withPaged("rollback webhook HTTP 204");
    RollbackRecord unhealthy =
        claimed.finished(
            new Verification(true, List.of("canary weight 0 on ingress: ok"), NOW.plusSeconds(2)),
            java.util.Optional.of(stillBroken),
            NOW.plusSeconds(302));
    RollbackRecord healthy =
        claimed.finished(
            new Verification(true, List.of(), NOW.plusSeconds(2)),
            java.util.Optional.of(
                StableRecovery.healthy(
                    NOW.plusSeconds(2),
                    NOW.plusSeconds(11),
                    Duration.ofMinutes(5),
                    List.of("golden passed"))),
            NOW.plusSeconds(11));

    RollbackRecord read =
        codec
            .read("test", codec.write(Ledger.start("v1", NOW).withRollback(unhealthy)))
            .rollback()
            .orElseThrow();

    assertThat(read).isEqualTo(unhealthy);
    assertThat(read.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
    assertThat(read.recovery().orElseThrow().after()).isEqualTo(Duration.ofSeconds(300));
    assertThat(
            codec
                .read("test", codec.write(Ledger.start("v1", NOW).withRollback(healthy)))
                .rollback()
                .orElseThrow()
                .summary())
        .contains("rollback DONE", "; stable healthy after 9 s");
  }

  @Test
  void aLedgerWrittenBeforeTheStableHealthProofIsReadWithoutARecovery() {
    RollbackRecord done =
        RollbackRecord.executing(
                "api_p95 RED",
                "GateChecks#p95",
                RollbackLease.grant("a", NOW, Duration.ofMinutes(1)),
                false,
                NOW)
            .finished(new Verification(true, List.of("canary weight 0 on ingress: ok"), NOW), NOW);
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree =
        (ObjectNode) json.readTree(codec.write(Ledger.start("v1", NOW).withRollback(done)));
    ((ObjectNode) tree.get("rollback")).remove("recovery");

    RollbackRecord read =
        codec.read("older", json.writeValueAsString(tree)).rollback().orElseThrow();

    assertThat(read.state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(read.recovery()).isEmpty();
    assertThat(read).isEqualTo(done);
  }

  @Test
  void aLedgerWrittenBeforeLeasesExistedIsReadWithoutOne() {
    Ledger ledger =
        Ledger.start("v1", NOW)
            .withRollback(
                RollbackRecord.executing(
                    "api_p95 RED",
                    "GateChecks#p95",
                    RollbackLease.grant("a", NOW, Duration.ofMinutes(1)),
                    false,
                    NOW));
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree = (ObjectNode) json.readTree(codec.write(ledger));
    ObjectNode rollback = (ObjectNode) tree.get("rollback");
    rollback.remove(List.of("lease", "takeovers"));

    RollbackRecord read =
        codec.read("older", json.writeValueAsString(tree)).rollback().orElseThrow();

    assertThat(read.state()).isEqualTo(RollbackRecord.State.EXECUTING);
    assertThat(read.lease()).isEmpty();
    assertThat(read.takeovers()).isEmpty();
    assertThat(read.leaseExpiry(Duration.ofMinutes(1))).isEqualTo(NOW.plusSeconds(60));
    assertThat(read.summary()).contains("held by a (no lease recorded)");
  }

  @Test
  void aHaltAndATrafficOwnerRoundTripAndALedgerWrittenBeforeThemReadsWithout() {
    Ledger ledger =
        Ledger.start("v1", NOW)
            .withTraffic(new TrafficStep(20, "canary", NOW))
            .withTrafficOwner(
                java.util.Optional.of(
                    new TrafficOwner(
                        "canary", RollbackLease.grant("a/canary", NOW, Duration.ofMinutes(1)))))
            .withHalt(
                new HaltRecord(
                    io.intelgraph.cutover.config.HaltPolicy.HOLD,
                    "the canary phase ended FAILED",
                    20,
                    "canary",
                    "a",
                    NOW.plusSeconds(5)));
    assertThat(codec.read("test", codec.write(ledger))).isEqualTo(ledger);

    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree = (ObjectNode) json.readTree(codec.write(ledger));
    tree.remove(List.of("trafficOwner", "halt"));
    Ledger older = codec.read("older", json.writeValueAsString(tree));

    assertThat(older.trafficOwner()).isEmpty();
    assertThat(older.halt()).isEmpty();
    assertThat(older.heldCanary()).isEmpty();
  }

  @Test
  void eventsRoundTripInOrderAndALedgerWrittenBeforeThemReadsWithNone() {
    Ledger ledger =
        Ledger.start("v1", NOW)
            .withEvent(
                new LedgerEvent(
                    "drill",
                    "postgres restore",
                    NOW,
                    true,
                    "restored",
                    java.util.Map.of("rto_seconds", "41", "rpo_seconds", "12")))
            .withEvent(
                new LedgerEvent(
                    "notification", "RED", NOW.plusSeconds(1), false, "HTTP 500", null));
    Ledger read = codec.read("test", codec.write(ledger));

    assertThat(read).isEqualTo(ledger);
    assertThat(read.events("drill"))
        .singleElement()
        .satisfies(drill -> assertThat(drill.facts()).containsEntry("rto_seconds", "41"));
    assertThat(read.events("notification")).extracting(LedgerEvent::ok).containsExactly(false);

    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree = (ObjectNode) json.readTree(codec.write(ledger));
    tree.remove("events");
    assertThat(codec.read("older", json.writeValueAsString(tree)).events()).isEmpty();
  }

  @Test
  void aShadowGateRecordRoundTripsAndARecordWrittenBeforeShadowGatesReadsAsNotShadow() {
    GateRecord tight =
        new GateRecord(
            "api_p95_tight",
            "canary",
            "histogram_quantile(0.95, x)",
            "[1764255600.000,\"0.06\"]",
            java.util.Optional.of(0.06),
            "<= 10 ms",
            io.intelgraph.cutover.gate.Outcome.BREACH,
            io.intelgraph.cutover.gate.Verdict.RED,
            2,
            NOW,
            "gate",
            true);
    Ledger ledger = Ledger.start("v1", NOW).withGate(tight);

    Ledger read = codec.read("test", codec.write(ledger));

    assertThat(read).isEqualTo(ledger);
    assertThat(read.gates()).singleElement().satisfies(g -> assertThat(g.shadow()).isTrue());

    JsonMapper json = JsonMapper.builder().build();
    ObjectNode tree = (ObjectNode) json.readTree(codec.write(ledger));
    ((ObjectNode) tree.get("gates").get(0)).remove("shadow");
    assertThat(codec.read("older", json.writeValueAsString(tree)).gates())
        .as("a record written before shadow gates judged the release")
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.shadow()).isFalse();
              assertThat(g.verdict()).isEqualTo(io.intelgraph.cutover.gate.Verdict.RED);
            });
  }
}
