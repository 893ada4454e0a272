package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeamAssemblyTest {

  @TempDir Path dir;

  @Test
  void eachLineReadsItsOwnAttestation() {
    var context =
        LineContexts.at(
            dir,
            Map.of(
                "cutover.attestations.on_call", "alice (primary SRE), bob (platform backup)",
                "cutover.attestations.emergency_contacts", "carol paged the escalation policy"));

    assertThat(TeamAssembly.onCall().run(context)).passed();
    assertThat(TeamAssembly.emergencyContacts().run(context)).passed();
    assertThat(TeamAssembly.warRoom().run(context))
        .failedWith("War room active: nobody attested", "attestations.war_room");
    assertThat(context.ledger().read().attestations())
        .extracting(a -> a.what())
        .containsExactly("On-call rotation verified", "Emergency contacts tested");
  }
}
