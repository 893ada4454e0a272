package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.approval.Decision;
import io.intelgraph.cutover.approval.DecisionStatement;
import io.intelgraph.cutover.config.Approvals;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.decision.DecisionEvents;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.rollback.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decide}: signs the decision with the role's key, verifies it as the waiting run will, and
 * records it in the environment's ledger; refuses, recording nothing, what the run would refuse.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class DecideCommandTest {

  KubernetesClient client;
  @TempDir Path dir;
  Path config;
  Path ledgerFile;
  ECKey platformLead;
  ECKey sreLead;
  Path platformLeadKey;
  Path sreLeadKey;

  @BeforeEach
  void anEnvironmentDecidingByApproval() throws Exception {
    platformLead = new ECKeyGenerator(Curve.P_256).generate();
    sreLead = new ECKeyGenerator(Curve.P_256).generate();
    platformLeadKey =
        Files.writeString(dir.resolve("platform-lead.jwk.json"), platformLead.toJSONString());
    sreLeadKey = Files.writeString(dir.resolve("sre-lead.jwk.json"), sreLead.toJSONString());
    Path platformLeadPublic =
        Files.writeString(
            dir.resolve("platform-lead.public.jwk.json"),
            platformLead.toPublicJWK().toJSONString());
    Path sreLeadPublic =
        Files.writeString(
            dir.resolve("sre-lead.public.jwk.json"), sreLead.toPublicJWK().toJSONString());
    ledgerFile = dir.resolve("ledger.json");
    config = dir.resolve("selftest.yaml");
    Files.writeString(
        config,
        Files.readString(MockCluster.config())
                .replace(
                    "endpoints:\n", "endpoints:\n  kubernetes: " + client.getMasterUrl() + "\n")
                .replace("path: target/selftest-ledger.json", "path: " + ledgerFile)
            + """

            closeout:
              approvals:
                roles:
                  platform-lead: {public_key: {file: %s}}
                  sre-lead: {public_key: {file: %s}}

            escalation:
              decide: approval
              decision_timeout: 2m
              roles: [platform-lead]
            """
                .formatted(platformLeadPublic, sreLeadPublic));
  }

  FileLedgerStore ledger() {
    return new FileLedgerStore(ledgerFile, "v1.0.0-GA", Clock.systemUTC());
  }

  String[] decide(Path key, String role, String check, String... gates) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "decide",
                "--config",
                config.toString(),
                "--phase",
                "ramp",
                "--check",
                check,
                "--decision",
                "GO",
                "--role",
                role,
                "--key",
                key.toString(),
                "--by",
                "alice"));
    for (String gate : gates) {
      args.add("--gate");
      args.add(gate);
    }
    return CutoverCommandTest.run(args.toArray(String[]::new));
  }

  @Test
  void recordsTheSignedDecisionInTheLedgerAndExitsZero() throws Exception {
    String attempt = ledger().read().attemptId();

    String[] run = decide(platformLeadKey, "platform-lead", "2", "api_p95", "auth_error_ratio");

    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertThat(run[1])
        .startsWith(
            "DECIDED GO on ramp check #2 (api_p95, auth_error_ratio) of v1.0.0-GA attempt "
                + attempt
                + " by alice (platform-lead) at ")
        .contains("recorded in " + ledgerFile)
        .doesNotContain(platformLead.getD().toString());
    List<LedgerEvent> events = ledger().read().events(DecisionEvents.KIND);
    assertThat(events).hasSize(1);
    LedgerEvent event = events.get(0);
    assertThat(event.subject()).isEqualTo("ramp check #2");
    assertThat(event.facts())
        .containsEntry("decision", "GO")
        .containsEntry("decided_by", "alice")
        .containsEntry("role", "platform-lead")
        .containsEntry("gates", "api_p95,auth_error_ratio")
        .containsEntry("attempt_id", attempt);
    Approvals approvals =
        new Approvals(
            dir,
            Duration.ofDays(7),
            Duration.ofMinutes(1),
            Map.of(
                "platform-lead",
                new Approvals.Role(
                    "platform-lead",
                    new Secret("test", platformLead.toPublicJWK().toJSONString()))));
    Decision verified =
        DecisionStatement.verify(
            event.facts().get("statement"), approvals, List.of("platform-lead"), Instant.now());
    assertThat(verified.gates()).containsExactly("api_p95", "auth_error_ratio");
    assertThat(verified.check()).isEqualTo(2);
    assertThat(verified.phase()).isEqualTo("ramp");
  }

  @Test
  void aRoleThatMayNotDecideIsRefusedAndNothingIsRecorded() {
    String[] run = decide(sreLeadKey, "sre-lead", "2", "api_p95");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2])
        .contains(
            "decide: decision by alice as role 'sre-lead': that role may not decide (escalation.roles [platform-lead])");
    assertThat(ledger().read().events(DecisionEvents.KIND)).isEmpty();
  }

  @Test
  void anotherRolesKeyIsRefusedAndNothingIsRecorded() {
    String[] run = decide(sreLeadKey, "platform-lead", "2", "api_p95");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2])
        .contains("does not verify with platform-lead's public key")
        .doesNotContain(sreLead.getD().toString());
    assertThat(ledger().read().events(DecisionEvents.KIND)).isEmpty();
  }

  @Test
  void aCheckAlreadyRecordedIsNotDecidedAgain() {
    Instant at = Instant.now();
    GateRecord first =
        new GateRecord(
            "api_p95",
            "canary",
            "histogram_quantile(0.95, x)",
            "{}",
            Optional.empty(),
            "<= 350 ms",
            Outcome.LOW_SAMPLE,
            Verdict.YELLOW,
            1,
            at,
            "ramp");
    ledger().update(l -> l.withGate(first));

    String[] run = decide(platformLeadKey, "platform-lead", "1", "api_p95");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2])
        .contains(
            "decide --check 1: ramp check #1 is already recorded in "
                + ledgerFile
                + " (1 ramp checks so far); decide the check that waits now");
  }

  @Test
  void anEnvironmentDecidedByTheClockHasNothingToDecide() throws Exception {
    Files.writeString(
        config, Files.readString(config).replace("decide: approval", "decide: clock"));

    String[] run = decide(platformLeadKey, "platform-lead", "2", "api_p95");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2])
        .contains(
            "has escalation.decide: clock, so no check waits for a decision; set escalation.decide: approval");
  }

  @Test
  void withoutAGateItIsAUsageError() {
    String[] run = decide(platformLeadKey, "platform-lead", "2");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("Missing required option: '--gate=GATE'");
  }
}
