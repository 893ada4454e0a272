package io.intelgraph.cutover.runbook;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.review.Judgement;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestedJudgementTest {

  @TempDir Path dir;
  final Judgement fatigue =
      new Judgement("alert_fatigue", "Alert fatigue indicators: none observed", "\"dana\"");

  @Test
  void aGivenAttestationIsRecordedInTheLedgerAndReportedWithWho() {
    LineContext context = LineContexts.at(dir, null, Map.of());

    LineReport report = AttestedJudgement.record(context, fatigue, Optional.of(" dana (on-call) "));

    assertThat(report).passed();
    org.assertj.core.api.Assertions.assertThat(report.evidence())
        .contains(new LineReport.Evidence(AttestedJudgement.ATTESTED_BY, "dana (on-call)"))
        .anySatisfy(
            item ->
                org.assertj.core.api.Assertions.assertThat(item.text())
                    .startsWith("ATTESTED, not measured: Alert fatigue indicators: none observed"));
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations())
        .singleElement()
        .satisfies(
            said -> {
              org.assertj.core.api.Assertions.assertThat(said.who()).isEqualTo("dana (on-call)");
              org.assertj.core.api.Assertions.assertThat(said.at()).isEqualTo(LineContexts.NOW);
            });
  }

  @Test
  void aMissingAttestationFailsSayingHowToGiveItAndRecordsNothing() {
    LineContext context = LineContexts.at(dir, null, Map.of());

    assertThat(AttestedJudgement.record(context, fatigue, Optional.of("  ")))
        .failedWith(
            "nobody attested it for this run",
            "-Dcutover.attestations.alert_fatigue=\"dana\" or CUTOVER_ATTESTATIONS_ALERT_FATIGUE");
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations()).isEmpty();
  }
}
