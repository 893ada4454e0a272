package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.recovery.DrillRecord;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** T-15 "Restore procedures tested" on the drills the ledger recorded, at a fixed clock. */
class RestoreDrillTest {

  @TempDir Path dir;

  @Test
  void passesOnTheCloseoutDrillOfThePreviousAttempt() {
    LineContext context = context(Map.of());
    recordDrill(context, Duration.ofDays(5), true);
    context.ledger().startNewAttempt();

    LineReport report = RestoreDrill.recorded().run(context);

    assertThat(report).passed();
    org.assertj.core.api.Assertions.assertThat(evidence(report))
        .contains(
            "postgres restore drill at 2026-12-02T09:30:00Z (attempt 1 (",
            "passed, RTO PT41.5S, RPO PT12S",
            "1 archived earlier attempt(s)");
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations())
        .extracting(Attestation::what)
        .anySatisfy(
            what ->
                org.assertj.core.api.Assertions.assertThat(what)
                    .startsWith(
                        "Backup verification: Restore procedures tested: postgres restore drill"));
  }

  @Test
  void failsWhenTheNewestDrillIsOlderThanTheConfiguredAgeEvenWithAnAttestation() {
    LineContext context = context(Map.of("cutover.attestations.restore_tested", "carol"));
    recordDrill(context, Duration.ofDays(40), true);
    context.ledger().startNewAttempt();

    assertThat(RestoreDrill.recorded().run(context))
        .failedWith(
            "the newest passed restore drill was on 2026-10-28T09:30:00Z (PT960H ago at"
                + " 2026-12-07T09:30:00Z), older than preflight.restore_drill_max_age PT720H",
            "run the closeout's PostgreSQL restore drill (restore_drill.*) again");
  }

  @Test
  void theAgeLimitIsConfigured() {
    LineContext context = context(Map.of("cutover.preflight.restore_drill_max_age", "60d"));
    recordDrill(context, Duration.ofDays(40), true);

    assertThat(RestoreDrill.recorded().run(context)).passed();
  }

  @Test
  void aNewerFailedDrillFailsTheLineThoughAnOlderOnePassed() {
    LineContext context = context(Map.of());
    recordDrill(context, Duration.ofDays(3), true);
    context.ledger().startNewAttempt();
    recordDrill(context, Duration.ofDays(1), false);

    assertThat(RestoreDrill.recorded().run(context))
        .failedWith(
            "the newest restore drill recorded in ledger",
            "FAILED: postgres restore drill at 2026-12-06T09:30:00Z (attempt 2 (");
  }

  @Test
  void withNoDrillRecordedTheAttestationIsTheDeclaredFallback() {
    LineContext context = context(Map.of("cutover.attestations.restore_tested", "carol at 13:40Z"));

    LineReport report = RestoreDrill.recorded().run(context);

    assertThat(report).passed();
    org.assertj.core.api.Assertions.assertThat(evidence(report))
        .contains(
            "FALLBACK: no restore drill is recorded in ledger",
            "rests on a person's word (attestations.restore_tested)",
            "ATTESTED, not measured: Backup verification: Restore procedures tested (attested"
                + " fallback)");
  }

  @Test
  void withNeitherADrillNorAnAttestationItFailsSayingBothWays() {
    assertThat(RestoreDrill.recorded().run(context(Map.of())))
        .failedWith(
            "Backup verification: Restore procedures tested: no restore drill is recorded in"
                + " ledger",
            "this attempt and 0 archived earlier attempt(s)",
            "and nobody attested one; run the closeout's PostgreSQL restore drill",
            "-Dcutover.attestations.restore_tested=",
            "CUTOVER_ATTESTATIONS_RESTORE_TESTED");
  }

  private LineContext context(Map<String, String> properties) {
    return LineContexts.at(dir, null, new HashMap<>(properties));
  }

  private static void recordDrill(LineContext context, Duration ago, boolean ok) {
    DrillRecord drill =
        DrillRecord.postgresRestore(
            NOW.minus(ago),
            ok,
            ok ? "restore of pg-20261201.dump" : "RTO over its target",
            Duration.ofMillis(41_500),
            Duration.ofSeconds(12));
    context.ledger().update(l -> l.withEvent(drill.toEvent()));
  }

  private static String evidence(LineReport report) {
    return String.join(
        "\n", report.evidence().stream().map(e -> e.name() + ": " + e.text()).toList());
  }
}
