package io.intelgraph.cutover.runbook.evidence;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.AllureRedaction;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.runbook.WarRoomPost;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * T+120, the evidence of the cutover: the SLOs over the whole window as a report and a chart, the
 * cluster as it stands, the summary counted from the ledger, and the signed bundle that seals the
 * evidence and the Allure results written so far. A failed line does not stop the bundle: the
 * evidence of a failed cutover is sealed as well. One collection per phase run: its lines write
 * into the phase's evidence directory, and the bundle line hands its bundle to the next.
 *
 * <pre>{@code
 * EvidenceCollection t120 = EvidenceCollection.open(context);
 * assertThat(t120.sloComplianceReport().run(context)).passed();
 * }</pre>
 */
public final class EvidenceCollection {

  private final EvidenceWriter evidence;
  private final SealedBundle bundle;

  EvidenceCollection(EvidenceWriter evidence, SealedBundle bundle) {
    this.evidence = evidence;
    this.bundle = bundle;
  }

  /**
   * The collection of this run: evidence under the release's {@code evidence} phase, the bundle
   * beside the evidence root. Earlier bundles are removed first, so if sealing fails no bundle of
   * another attempt is left for CI to upload as this one's.
   */
  public static EvidenceCollection open(LineContext context) {
    Environment env = context.environment();
    Path bundleDirectory = env.evidence().directory().toAbsolutePath().getParent();
    List<Path> removed = EvidenceBundle.removeEarlierBundles(bundleDirectory);
    if (!removed.isEmpty()) {
      System.out.printf(
          "removed earlier evidence bundles before sealing attempt %s: %s%n",
          context.ledger().read().attemptId(), removed);
    }
    EvidenceWriter evidence =
        EvidenceWriter.forPhase(
            env.evidence().directory(),
            env.release().tag(),
            "evidence",
            new Redactor(SecretRegistry.run()));
    return new EvidenceCollection(
        evidence,
        new SealedBundle(
            evidence, bundleDirectory, AllureRedaction.resultsDirectory(), System.out::println));
  }

  public RunbookLine sloComplianceReport() {
    return new SloComplianceReport(evidence);
  }

  public RunbookLine deploymentStatus() {
    return new ClusterStatus(evidence);
  }

  public RunbookLine performanceSummary() {
    return new PerformanceSummary(evidence);
  }

  public RunbookLine evidenceBundle() {
    return bundle.evidenceBundle();
  }

  public RunbookLine releaseArtifactsAttached() {
    return bundle.releaseArtifactsAttached();
  }

  /** "War room summary: T+120 verdict and figures posted to the war room". */
  public RunbookLine warRoomSummary() {
    return new WarRoomPost("T+120 evidence");
  }
}
