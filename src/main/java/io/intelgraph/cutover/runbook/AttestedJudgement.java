package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.review.Judgement;
import java.util.Optional;

/**
 * A person's word in the run of show: recorded in the ledger and reported as an attestation, not a
 * measurement. The report carries who under the evidence name {@value #ATTESTED_BY} (the report's
 * assertion turns it into the Allure label of that name) and the attestation's text.
 *
 * <pre>{@code
 * return AttestedJudgement.record(context, new Judgement("alert_fatigue", line, example),
 *     context.environment().attestations().alertFatigue());
 * }</pre>
 */
public final class AttestedJudgement {

  /** The evidence name (and Allure label) that says who attested a line. */
  public static final String ATTESTED_BY = "attested_by";

  private AttestedJudgement() {}

  /** Records the attestation given for this run, or fails saying how to give it. */
  public static LineReport record(
      LineContext context, Judgement judgement, Optional<String> given) {
    LineReport.Builder report = context.report();
    Attestation said;
    try {
      said = judgement.attest(given, context.now());
    } catch (AssertionError missing) {
      return report.problem("%s", missing.getMessage()).judged();
    }
    return record(context, report, said).judged();
  }

  /** Records {@code said} in the ledger and as the report's evidence. */
  public static LineReport.Builder record(
      LineContext context, LineReport.Builder report, Attestation said) {
    context.ledger().update(ledger -> ledger.withAttestation(said));
    return report
        .evidence(ATTESTED_BY, said.who())
        .evidence(
            "Attestation",
            "ATTESTED, not measured: %s%nby: %s%nat: %s%n"
                .formatted(said.what(), said.who(), said.at()));
  }
}
