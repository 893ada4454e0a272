package io.intelgraph.cutover.runbook;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.config.Attestations;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestedTest {

  @TempDir Path dir;

  private static Attested warRoom() {
    return Attested.by("war_room", Attestations::warRoom, "War room active", "alice in #war-room");
  }

  @Test
  void anAttestationPassesAndIsRecordedInTheLedgerWithWhoAndWhen() {
    LineContext context =
        LineContexts.at(dir, Map.of("cutover.attestations.war_room", "alice (IC), bob (SRE)"));

    LineReport report = warRoom().run(context);

    assertThat(report).passed();
    assertThat(context.ledger().read().attestations())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.who()).isEqualTo("alice (IC), bob (SRE)");
              assertThat(a.what()).isEqualTo("War room active");
              assertThat(a.at()).isEqualTo(LineContexts.NOW);
            });
  }

  @Test
  void noAttestationFailsSayingHowToGiveOneAndRecordsNothing() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(warRoom().run(context))
        .failedWith(
            "War room active: nobody attested it for this run",
            "-Dcutover.attestations.war_room=\"alice in #war-room\"",
            "CUTOVER_ATTESTATIONS_WAR_ROOM");
    assertThat(context.ledger().read().attestations()).isEmpty();
  }

  @Test
  void aBlankAttestationIsNone() {
    LineContext context = LineContexts.at(dir, Map.of("cutover.attestations.war_room", "  "));

    assertThat(warRoom().run(context)).failedWith("nobody attested it");
  }
}
