package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.junit.PreflightPhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.preflight.BackupRecorded;
import io.intelgraph.cutover.runbook.preflight.CertificateValidity;
import io.intelgraph.cutover.runbook.preflight.DeployCanRun;
import io.intelgraph.cutover.runbook.preflight.DnsResolves;
import io.intelgraph.cutover.runbook.preflight.DnsTtl;
import io.intelgraph.cutover.runbook.preflight.GateQueriesReadSeries;
import io.intelgraph.cutover.runbook.preflight.GatesHaveFreshData;
import io.intelgraph.cutover.runbook.preflight.JwksResponding;
import io.intelgraph.cutover.runbook.preflight.OpaBundleLoaded;
import io.intelgraph.cutover.runbook.preflight.PolicyDecisionsFast;
import io.intelgraph.cutover.runbook.preflight.PostgresRestorePoint;
import io.intelgraph.cutover.runbook.preflight.ResourcesReady;
import io.intelgraph.cutover.runbook.preflight.RestoreDrill;
import io.intelgraph.cutover.runbook.preflight.RollbackCanExecute;
import io.intelgraph.cutover.runbook.preflight.SecurityHeaders;
import io.intelgraph.cutover.runbook.preflight.TargetGroupsHealthy;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * T-15 of the run of show: the final system validation gates. Every line observes the real thing
 * (the public DNS answer, the TLS edge, the cluster's conditions, the provider's JWKS, OPA, WAL
 * archiving and the backup Jobs) and fails with what it saw. The last checks prove the gates' own
 * plumbing: each gate's queries answer fresh data for the stable track now, so no gate can later
 * "pass" for lack of data.
 *
 * <p>No check here is {@code @Critical}: nothing has moved yet, so there is nothing to roll back; a
 * failure fails the phase, and the release engineer does not start the canary.
 */
@PreflightPhase
@DisplayName("T-15: Final system validation gates")
class T15PreflightTest {

  /** The phase's evidence files, sealed into the bundle later; Allure gets the line's evidence. */
  static EvidenceWriter evidence;

  @BeforeAll
  static void evidenceOfThisPhase(Environment env) {
    Redactor redactor = new Redactor(SecretRegistry.run());
    EvidenceWriter phase =
        EvidenceWriter.forPhase(
            env.evidence().directory(), env.release().tag(), "preflight", redactor);
    // the assertion attaches the evidence to Allure; this writer only keeps the files
    evidence = new EvidenceWriter(phase.directory(), redactor, (name, type, content, ext) -> {});
  }

  /** The line's report, its evidence written to the phase's evidence files. */
  private static LineReport filed(LineReport report) {
    report.evidence().forEach(e -> evidence.attach(e.name(), "text/plain", e.text()));
    return report;
  }

  @Test
  @Order(1)
  @DisplayName("DNS resolves correctly: {endpoints.public_host} → ALB")
  void dnsResolves(LineContext context) {
    assertThat(filed(DnsResolves.fromResolver().run(context))).passed();
  }

  @Test
  @Order(2)
  @DisplayName("TTL ≤ {preflight.max_dns_ttl}: Fast failover configured")
  void ttlAllowsFastFailover(LineContext context) {
    assertThat(filed(DnsTtl.fromResolver().run(context))).passed();
  }

  @Test
  @Order(3)
  @DisplayName("ALB target groups healthy: Blue + canary both ready")
  void targetGroupsHealthy(LineContext context) {
    assertThat(filed(TargetGroupsHealthy.fromCluster().run(context))).passed();
  }

  @Test
  @Order(4)
  @DisplayName("cert-manager Ready=True: All certificates valid")
  void certificatesReady(LineContext context) {
    assertThat(filed(ResourcesReady.certificates().run(context))).passed();
  }

  @Test
  @Order(5)
  @DisplayName("HSTS enabled: Security headers active")
  void securityHeadersActive(LineContext context) {
    assertThat(filed(SecurityHeaders.fromTlsEndpoint().run(context))).passed();
  }

  @Test
  @Order(6)
  @DisplayName("TLS certificate valid: Expiry > {preflight.min_certificate_validity}")
  void certificateValidLongEnough(LineContext context) {
    assertThat(filed(CertificateValidity.fromTlsEndpoint().run(context))).passed();
  }

  @Test
  @Order(7)
  @DisplayName("External Secrets synced: OIDC credentials loaded")
  void externalSecretsSynced(LineContext context) {
    assertThat(filed(ResourcesReady.externalSecrets().run(context))).passed();
  }

  @Test
  @Order(8)
  @DisplayName("JWKS endpoint responding: Key rotation ready")
  void jwksResponding(LineContext context) {
    assertThat(filed(JwksResponding.fromProvider().run(context))).passed();
  }

  @Test
  @Order(9)
  @DisplayName("OPA bundle loaded: Latest policy hash confirmed")
  void opaBundleLoaded(LineContext context) {
    assertThat(filed(OpaBundleLoaded.fromOpa().run(context))).passed();
  }

  @Test
  @Order(10)
  @DisplayName("Policy decisions < {preflight.opa_max_p95}: Performance within SLO")
  void policyDecisionsFast(LineContext context) {
    assertThat(filed(PolicyDecisionsFast.fromOpa().run(context))).passed();
  }

  @Test
  @Order(11)
  @DisplayName("PostgreSQL PITR marker: recorded (Time)")
  void postgresRestorePoint(LineContext context) {
    assertThat(filed(PostgresRestorePoint.fromPrometheus().run(context))).passed();
  }

  @Test
  @Order(12)
  @DisplayName("Neo4j backup ID: recorded (Backup Path)")
  void neo4jBackupId(LineContext context) {
    assertThat(filed(BackupRecorded.fromCluster().run(context))).passed();
  }

  @Test
  @Order(13)
  @DisplayName(
      "Backup verification: Restore procedures tested (a drill recorded in the ledger; attested only as fallback)")
  void restoreProceduresTested(LineContext context) {
    assertThat(filed(RestoreDrill.recorded().run(context))).passed();
  }

  @Test
  @Order(14)
  @DisplayName("Gate queries read production's series")
  void gateQueriesReadProductionSeries(LineContext context) {
    assertThat(filed(GateQueriesReadSeries.fromPrometheus().run(context))).passed();
  }

  @Test
  @Order(15)
  @DisplayName("Gate plumbing: every gate has fresh data on the stable track")
  void gatesHaveFreshData(LineContext context) {
    assertThat(filed(GatesHaveFreshData.fromPrometheus().run(context))).passed();
  }

  @Test
  @Order(15)
  @DisplayName(
      "Rollback can execute: traffic back to {cluster.stable_deployment}, {cluster.canary_deployment} scaled to 0")
  void rollbackCanExecute(LineContext context) {
    assertThat(filed(RollbackCanExecute.fromCluster().run(context))).passed();
  }

  @Test
  @Order(16)
  @DisplayName(
      "Deploy and lock can run: T-0's deploy and the lock's commands ready, Helm release {deploy.helm_release} readable")
  void deployAndLockCanRun(LineContext context) {
    assertThat(filed(DeployCanRun.fromCluster().run(context))).passed();
  }
}
