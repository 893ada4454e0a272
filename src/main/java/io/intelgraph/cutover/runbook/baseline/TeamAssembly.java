package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.config.Attestations;
import io.intelgraph.cutover.runbook.Attested;

/**
 * T-30's team assembly: the lines only people can confirm (war room, on-call, emergency contacts),
 * each passed by its attestation ({@code attestations.<key>}) and recorded in the ledger.
 *
 * <pre>{@code
 * assertThat(TeamAssembly.warRoom().run(context)).passed();
 * }</pre>
 */
public final class TeamAssembly {

  private TeamAssembly() {}

  /** "War room active", by {@code attestations.war_room}. */
  public static Attested warRoom() {
    return Attested.by(
        "war_room",
        Attestations::warRoom,
        "War room active",
        "alice (incident commander), bob (SRE) in #maestro-go-live-war-room");
  }

  /** "On-call rotation verified", by {@code attestations.on_call}. */
  public static Attested onCall() {
    return Attested.by(
        "on_call",
        Attestations::onCall,
        "On-call rotation verified",
        "alice (primary SRE), bob (platform backup)");
  }

  /** "Emergency contacts tested", by {@code attestations.emergency_contacts}. */
  public static Attested emergencyContacts() {
    return Attested.by(
        "emergency_contacts",
        Attestations::emergencyContacts,
        "Emergency contacts tested",
        "carol paged the escalation policy at 13:10Z, acknowledged in 2 min");
  }
}
