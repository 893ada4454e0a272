package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.LatestBackup;
import io.intelgraph.cutover.cluster.ReadyConditions;
import io.intelgraph.cutover.cluster.TargetHealth;
import io.intelgraph.cutover.rollback.RollbackReadiness;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T-15 lines that read the cluster (target groups, Ready conditions, the newest backup, the
 * rollback's readiness), judged on what the cluster clients report, made by hand.
 */
class ClusterLinesTest {

  @TempDir Path dir;

  private LineContext context() {
    return LineContexts.at(
        dir,
        Map.of(
            "cutover.cluster.stable_service", "api-stable",
            "cutover.cluster.canary_service", "api-canary",
            "cutover.cluster.ingress", "api",
            "cutover.preflight.max_backup_age", "26h"));
  }

  private static TargetHealth.Report targets(int canaryReady, List<String> addresses) {
    return new TargetHealth.Report(
        "intelgraph-maestro",
        "api",
        List.of(
            new TargetHealth.ServiceTargets("api-stable", 1, 3, 3),
            new TargetHealth.ServiceTargets("api-canary", 1, canaryReady, 1)),
        addresses);
  }

  @Test
  void bothTargetGroupsReadyAndRoutedPass() {
    assertThat(
            new TargetGroupsHealthy(
                    c -> targets(1, List.of("k8s-alb.example.com")),
                    c -> Map.of("api-stable", 100, "api-canary", 0))
                .run(context()))
        .passed();
  }

  @Test
  void anUnreadyCanaryAndAnUnroutedOneAreBothProblems() {
    assertThat(
            new TargetGroupsHealthy(
                    c -> targets(0, List.of("k8s-alb.example.com")), c -> Map.of("api-stable", 100))
                .run(context()))
        .failedWith(
            "target groups: ",
            "ingress intelgraph-maestro/api routes to {api-stable=100}; both the stable"
                + " (api-stable) and the canary (api-canary) target group must be attached");
  }

  @Test
  void anUnreadableIngressFailsAndTheTargetsAreStillJudged() {
    assertThat(
            new TargetGroupsHealthy(
                    c -> targets(1, List.of()),
                    c -> {
                      throw new ClusterException("ingress intelgraph-maestro/api not found");
                    })
                .run(context()))
        .failedWith(
            "could not read the backends of ingress intelgraph-maestro/api: ingress"
                + " intelgraph-maestro/api not found",
            "target groups: ");
  }

  private static ReadyConditions.Readiness ready(String name, String status) {
    return new ReadyConditions.Readiness(
        "Certificate", name, status, "True".equals(status) ? "Ready" : "Issuing", "");
  }

  @Test
  void everyResourceReadyPasses() {
    assertThat(
            new ResourcesReady("Certificates", c -> List.of(ready("api-tls", "True")))
                .run(context()))
        .passed();
  }

  @Test
  void aResourceNotReadyFailsWithItsReason() {
    assertThat(
            new ResourcesReady(
                    "Certificates",
                    c -> List.of(ready("api-tls", "True"), ready("grafana-tls", "False")))
                .run(context()))
        .failedWith(
            "1 of 2 Certificates in intelgraph-maestro not Ready: [Certificate grafana-tls:"
                + " Ready=False (Issuing)]");
  }

  @Test
  void noResourceAtAllIsNoProof() {
    assertThat(new ResourcesReady("ExternalSecrets", c -> List.of()).run(context()))
        .failedWith("no ExternalSecrets in namespace intelgraph-maestro");
  }

  @Test
  void aFreshBackupPassesAndItsIdIsRecorded() {
    LineContext context = context();
    LatestBackup.Backup backup =
        new LatestBackup.Backup(
            "neo4j-full-20261207T0100Z", LineContexts.NOW.minus(Duration.ofHours(8)), "Job x");

    assertThat(new BackupRecorded(c -> backup).run(context)).passed();
    assertThat(context.ledger().read().attestations())
        .extracting(a -> a.what())
        .containsExactly(
            "Neo4j backup ID: neo4j-full-20261207T0100Z (completed 2026-12-07T01:30:00Z)");
  }

  @Test
  void aBackupOlderThanTheLimitFailsSayingToTakeAFreshOneAndIsNotRecorded() {
    LineContext context = context();
    LatestBackup.Backup old =
        new LatestBackup.Backup(
            "neo4j-full-old", LineContexts.NOW.minus(Duration.ofDays(3)), "Job");

    assertThat(new BackupRecorded(c -> old).run(context))
        .failedWith("newest successful backup neo4j-full-old", "preflight.max_backup_age is PT26H");
    assertThat(context.ledger().read().attestations()).isEmpty();
  }

  @Test
  void noSuccessfulBackupFailsWithTheClustersReason() {
    assertThat(
            new BackupRecorded(
                    c -> {
                      throw new ClusterException("no successful backup Job in intelgraph-maestro");
                    })
                .run(context()))
        .failedWith("could not read the newest successful backup: no successful backup Job");
  }

  @Test
  void theRollbackCanExecuteWithEveryCheckAsEvidence() {
    var report =
        new RollbackCanExecute(
                c ->
                    new RollbackReadiness.Report(
                        List.of("can-i patch ingresses: yes"), List.of(), LineContexts.NOW))
            .run(context());

    assertThat(report).passed();
    assertThat(report.evidence())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).contains("can-i patch ingresses: yes"));
  }

  @Test
  void eachRefusedRollbackRequestIsAProblem() {
    assertThat(
            new RollbackCanExecute(
                    c ->
                        new RollbackReadiness.Report(
                            List.of("can-i update deployments/scale: no"),
                            List.of(
                                "can-i update deployments.apps/api-canary --subresource=scale: no;"
                                    + " grant it in Role maestro-cutover-rollback"),
                            LineContexts.NOW))
                .run(context()))
        .failedWith("--subresource=scale: no; grant it in Role maestro-cutover-rollback");
  }
}
