package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.approval.ApprovalException;
import io.intelgraph.cutover.approval.ApprovalVerifier;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Instant;
import java.util.Optional;

/**
 * "Sign GO_LIVE_APPROVAL.md": one valid signed approval per role of {@code
 * closeout.approvals.roles} (the {@code approve} command), verified with that role's public key,
 * for this release and the evidence manifest the T+120 phase sealed and recorded in the ledger.
 * Every valid approval is recorded in the ledger; every missing or invalid one is named.
 *
 * <pre>{@code
 * assertThat(new GoLiveApproval().run(context)).passed();
 * }</pre>
 */
public final class GoLiveApproval implements RunbookLine {

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    Optional<Attestation> sealed = ManifestDigest.sealedIn(context.ledger().read());
    if (sealed.isEmpty()) {
      return report
          .problem(
              "no sealed evidence bundle is recorded in the ledger %s, so there is nothing to"
                  + " approve; run -Dgroups=evidence first, then each role runs approve"
                  + " --evidence",
              context.ledger().location())
          .judged();
    }
    String digest = ManifestDigest.digestOf(sealed.get());
    Instant now = context.now();
    ApprovalVerifier.Report approvals;
    try {
      approvals =
          ApprovalVerifier.verify(env.closeout().approvals(), env.release().tag(), digest, now);
    } catch (ApprovalException e) {
      return report.problem("go-live approvals: %s", e.getMessage()).judged();
    }
    report.evidence("Go-live approvals", approvals.describe());
    approvals.roles().stream()
        .flatMap(role -> role.valid().stream())
        .forEach(
            a ->
                context
                    .ledger()
                    .update(
                        l ->
                            l.withAttestation(
                                new Attestation(
                                    a.approvedBy(),
                                    "Go-live approval verified: " + a.describe(),
                                    now))));
    return report
        .problemIf(
            !approvals.approved(),
            "go-live approvals for %s, evidence %s, in %s at %s:%n%s",
            env.release().tag(),
            digest,
            approvals.dir(),
            now,
            approvals.describe())
        .judged();
  }
}
