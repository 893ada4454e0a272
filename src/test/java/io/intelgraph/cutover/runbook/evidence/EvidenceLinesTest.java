package io.intelgraph.cutover.runbook.evidence;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.WarRoomPost;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The T+120 lines' failures: each names what is missing and how to get it. */
@EnableKubernetesMockClient(crud = true)
class EvidenceLinesTest {

  KubernetesClient client;
  @TempDir Path dir;
  final List<String> attached = new ArrayList<>();

  private EvidenceWriter evidence() {
    return new EvidenceWriter(
        dir.resolve("evidence"),
        new Redactor(SecretRegistry.run()),
        (name, mediaType, content, extension) -> attached.add(name));
  }

  @Test
  void aSummaryWithoutAnyGateEvaluationFailsAndIsStillWrittenAsEvidence() {
    LineContext context = LineContexts.at(dir, null, Map.of());

    assertThat(new PerformanceSummary(evidence()).run(context))
        .failedWith("no gate evaluation is recorded in ledger", "-Dgroups=gate");
    org.assertj.core.api.Assertions.assertThat(attached)
        .containsExactly("ledger", "cutover_summary");
    org.assertj.core.api.Assertions.assertThat(dir.resolve("evidence/cutover_summary.json"))
        .exists();
  }

  @Test
  void releaseArtifactsNeedTheBundleOfTheLineBefore() {
    SealedBundle bundle = new SealedBundle(evidence(), dir, dir.resolve("allure"), line -> {});

    assertThat(bundle.releaseArtifactsAttached().run(LineContexts.at(dir, null, Map.of())))
        .failedWith("no bundle was sealed by the previous line (Evidence bundle) in this run");
  }

  @Test
  void anUnusableSigningKeySealsNothingAndSaysSo() throws Exception {
    Files.createDirectories(dir.resolve("allure"));
    SealedBundle bundle = new SealedBundle(evidence(), dir, dir.resolve("allure"), line -> {});

    assertThat(bundle.evidenceBundle().run(LineContexts.at(dir, null, Map.of())))
        .failedWith("evidence bundle of v");
    assertThat(bundle.releaseArtifactsAttached().run(LineContexts.at(dir, null, Map.of())))
        .failedWith("no bundle was sealed");
  }

  @Test
  void aClusterWithoutTheDeploymentsFailsNamingTheNamespace() {
    LineContext context = LineContexts.at(dir, client, Map.of());

    assertThat(new ClusterStatus(evidence()).run(context)).failedWith("intelgraph-maestro");
  }

  @Test
  void anUnreachablePrometheusFailsTheSloReportWithItsWindow() {
    LineContext context =
        LineContexts.at(dir, null, Map.of("cutover.endpoints.prometheus", "http://127.0.0.1:9"));
    context
        .ledger()
        .update(l -> l.withTraffic(new TrafficStep(20, "canary", NOW.minusSeconds(600))));

    assertThat(new SloComplianceReport(evidence()).run(context))
        .failedWith(
            "SLOs over T-0 " + NOW.minusSeconds(600) + " to " + NOW + " (T-0 + 10m, clipped",
            "(step PT");
  }

  @Test
  void theSloStepIsAtLeastTheScrapeAndAtMost600PointsInWholeSeconds() {
    org.assertj.core.api.Assertions.assertThat(
            SloComplianceReport.step(Duration.ofSeconds(15), NOW.minusSeconds(600), NOW))
        .isEqualTo(Duration.ofSeconds(15));
    org.assertj.core.api.Assertions.assertThat(
            SloComplianceReport.step(Duration.ofSeconds(1), NOW.minus(Duration.ofHours(2)), NOW))
        .isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aWarRoomSummaryWithoutAWebhookIsNotConfigured() {
    assertThat(new WarRoomPost("T+120 evidence").run(LineContexts.at(dir, null, Map.of())))
        .isNotConfigured(
            "war room summary (T+120 evidence): environment prod has no war room webhook",
            "war_room.webhook: {env: WAR_ROOM_WEBHOOK_URL}");
  }
}
