package io.intelgraph.cutover.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.intelgraph.cutover.approval.Decision;
import io.intelgraph.cutover.approval.DecisionStatement;
import io.intelgraph.cutover.config.Approvals;
import io.intelgraph.cutover.config.Escalation;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.gate.DecisionDesk;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.HumanDecision;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.Ledger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LedgerDecisionDesk} over a file ledger: finds a valid signed decision on the waiting check
 * (recorded before or during the wait), refuses, saying why once and waiting on, one that does not
 * verify or does not decide this check, and returns nothing when nobody decides in time.
 */
class LedgerDecisionDeskTest {

  static final String RELEASE = "v1.0.0-GA";
  static final Duration SHORT = Duration.ofMillis(400);

  @TempDir Path dir;
  FileLedgerStore store;
  ECKey platformLead;
  ECKey sreLead;
  Approvals approvals;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  Instant checkedAt;

  @BeforeEach
  void rolesAndALedger() throws Exception {
    platformLead = new ECKeyGenerator(Curve.P_256).generate();
    sreLead = new ECKeyGenerator(Curve.P_256).generate();
    approvals =
        new Approvals(
            dir.resolve("approvals"),
            Duration.ofDays(7),
            Duration.ofMinutes(1),
            Map.of(
                "platform-lead",
                new Approvals.Role(
                    "platform-lead",
                    new Secret("test:platform-lead", platformLead.toPublicJWK().toJSONString())),
                "sre-lead",
                new Approvals.Role(
                    "sre-lead",
                    new Secret("test:sre-lead", sreLead.toPublicJWK().toJSONString()))));
    store = new FileLedgerStore(dir.resolve("ledger.json"), RELEASE, Clock.systemUTC());
    checkedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
  }

  LedgerDecisionDesk desk(Duration timeout) {
    return new LedgerDecisionDesk(
        store,
        new Escalation(Escalation.Decide.APPROVAL, timeout, List.of("platform-lead")),
        approvals,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        Clock.systemUTC(),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  DecisionDesk.Request request() {
    GateEvaluation lowSample =
        new GateEvaluation(
            "api_p95",
            Scope.CANARY,
            false,
            checkedAt,
            Outcome.LOW_SAMPLE,
            OptionalDouble.empty(),
            Threshold.parse("<= 350ms"),
            OptionalDouble.empty(),
            OptionalDouble.of(3),
            OptionalDouble.empty(),
            "api_p95 LOW_SAMPLE: 3 requests",
            List.of(new Evidence("value", "q", "{}")),
            Optional.empty(),
            Optional.empty());
    GateVerdict red =
        new GateVerdict(
            "api_p95",
            Verdict.RED,
            2,
            Optional.of(checkedAt.minusSeconds(60)),
            "second consecutive failure: RED",
            lowSample);
    return new DecisionDesk.Request("ramp", 2, checkedAt, List.of(red));
  }

  /** Records a decision as {@code decide} does, signed with {@code key}. */
  void record(
      ECKey key, String role, Decision.Choice choice, String attemptId, int check, String gate)
      throws Exception {
    Decision decision =
        new Decision(
            RELEASE,
            attemptId,
            "ramp",
            check,
            List.of(gate),
            choice,
            role,
            "alice",
            Instant.now().truncatedTo(ChronoUnit.SECONDS));
    String statement =
        DecisionStatement.sign(
            decision, SigningKey.parse(new Secret("test:key", key.toJSONString())));
    store.update(ledger -> ledger.withEvent(DecisionEvents.event(decision, statement)));
  }

  String attempt() {
    return store.read().attemptId();
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aValidDecisionAlreadyRecordedIsTakenAtOnce() throws Exception {
    record(platformLead, "platform-lead", Decision.Choice.GO, attempt(), 2, "api_p95");

    Optional<HumanDecision> decided = desk(Duration.ofSeconds(5)).await(request());

    assertThat(decided).as(log()).isPresent();
    assertThat(decided.get().choice()).isEqualTo(HumanDecision.Choice.GO);
    assertThat(decided.get().decidedBy()).isEqualTo("alice");
    assertThat(decided.get().role()).isEqualTo("platform-lead");
    assertThat(log())
        .contains(
            "ramp check #2 is RED only because api_p95 stayed inconclusive (api_p95 LOW_SAMPLE)",
            "decide with: java -jar maestro-cutover.jar decide --config ENVIRONMENT.yaml --phase ramp"
                + " --check 2 --gate api_p95 --decision GO|ROLLBACK",
            "ramp check #2 decided: GO by alice (platform-lead)");
    assertThat(DecisionEvents.accepted(store.read()))
        .as("the decision the check took, in the ledger")
        .singleElement()
        .satisfies(
            taken -> {
              assertThat(taken.event().detail())
                  .startsWith("accepted: GO on ramp check #2 (api_p95) of v1.0.0-GA attempt ");
              assertThat(taken.statement()).isEqualTo(decided.get().statement());
            });
  }

  @Test
  void aDecisionRecordedWhileTheCheckWaitsEndsTheWait() throws Exception {
    String attempt = attempt();
    CompletableFuture<Void> person =
        CompletableFuture.runAsync(
            () -> {
              try {
                record(
                    platformLead, "platform-lead", Decision.Choice.ROLLBACK, attempt, 2, "api_p95");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

    Optional<HumanDecision> decided = desk(Duration.ofSeconds(10)).await(request());
    person.join();

    assertThat(decided)
        .as(log())
        .map(HumanDecision::choice)
        .contains(HumanDecision.Choice.ROLLBACK);
  }

  @Test
  void nobodyDecidingInTimeReturnsNothingAndSaysSo() {
    Optional<HumanDecision> decided = desk(SHORT).await(request());

    assertThat(decided).isEmpty();
    assertThat(DecisionEvents.accepted(store.read())).isEmpty();
    assertThat(log())
        .contains("ramp check #2: nobody decided within 400ms (escalation.decision_timeout): RED");
  }

  @Test
  void aDecisionSignedWithAnotherRolesKeyIsRefusedOnceAndTheWaitGoesOn() throws Exception {
    record(sreLead, "platform-lead", Decision.Choice.GO, attempt(), 2, "api_p95");

    Optional<HumanDecision> decided = desk(SHORT).await(request());

    assertThat(decided).isEmpty();
    assertThat(log())
        .contains(
            "refused a decision recorded at",
            "still waiting: decision by alice as role 'platform-lead': the signature (ES256, kid "
                + sreLead.computeThumbprint()
                + ") does not verify with platform-lead's public key")
        .containsOnlyOnce("refused a decision");
  }

  @Test
  void aRoleThatMayNotDecideIsRefused() throws Exception {
    record(sreLead, "sre-lead", Decision.Choice.GO, attempt(), 2, "api_p95");

    assertThat(desk(SHORT).await(request())).isEmpty();
    assertThat(log())
        .contains(
            "decision by alice as role 'sre-lead': that role may not decide (escalation.roles [platform-lead])");
  }

  @Test
  void aDecisionOfAnotherAttemptIsRefused() throws Exception {
    String old = attempt();
    Ledger fresh = store.startNewAttempt();
    record(platformLead, "platform-lead", Decision.Choice.GO, old, 2, "api_p95");

    assertThat(desk(SHORT).await(request())).isEmpty();
    assertThat(log())
        .contains(
            "it decides attempt %s, not this attempt %s; decide again for this one"
                .formatted(old, fresh.attemptId()));
  }

  @Test
  void aDecisionNotNamingEveryWaitingGateIsRefused() throws Exception {
    record(platformLead, "platform-lead", Decision.Choice.GO, attempt(), 2, "error_ratio_5xx");

    assertThat(desk(SHORT).await(request())).isEmpty();
    assertThat(log())
        .contains(
            "it decides [error_ratio_5xx], but the check waits on [api_p95]; name every one with --gate");
  }

  @Test
  void aDecisionOnAnotherCheckIsNotThisChecksAndIsPassedOverSilently() throws Exception {
    record(platformLead, "platform-lead", Decision.Choice.GO, attempt(), 1, "api_p95");

    assertThat(desk(SHORT).await(request())).isEmpty();
    assertThat(log()).doesNotContain("refused");
  }
}
