package io.intelgraph.cutover.rollback;

import static io.intelgraph.cutover.rollback.MockCluster.CANARY;
import static io.intelgraph.cutover.rollback.MockCluster.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.RollbackTakeover;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.testing.StubServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class RollbackTest {

  KubernetesClient client;
  @TempDir Path dir;
  MockCluster cluster;
  LedgerStore ledger;

  @BeforeEach
  void canaryAtTwentyPercent() {
    cluster = new MockCluster(client).seed(20);
    ledger = new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", Clock.systemUTC());
  }

  private Rollback rollback(Map<String, String> properties, List<RollbackCheck> checks) {
    Environment env = cluster.environment(properties);
    return new Rollback(
        ledger,
        RollbackPlan.of(env, client, checks),
        env.name(),
        env.rollback().dryRun(),
        "test-runner",
        env.rollback().lease(),
        Clock.systemUTC());
  }

  /**
   * A stand-in for stable's health proof: answers {@code answer(switchedAt)} and counts the calls.
   */
  private static final class Proof implements RecoveryProof {
    final Function<Instant, StableRecovery> answer;
    final List<Instant> asked = new CopyOnWriteArrayList<>();

    Proof(Function<Instant, StableRecovery> answer) {
      this.answer = answer;
    }

    @Override
    public StableRecovery prove(Instant switchedAt) {
      asked.add(switchedAt);
      return answer.apply(switchedAt);
    }

    @Override
    public Duration timeout() {
      return Duration.ofSeconds(30);
    }
  }

  static final Proof HEALTHY_AFTER_9S =
      new Proof(
          at ->
              StableRecovery.healthy(
                  at,
                  at.plusSeconds(9),
                  Duration.ofSeconds(30),
                  List.of(
                      "error_ratio_5xx[stable] GREEN PASS: 0.02 % <= 1 %",
                      "golden against stable passed: Entity write: 3 runs, 0 errors")));
  static final String STILL_5XX =
      "error_ratio_5xx[stable] YELLOW BREACH (window 8s since the switch): 5xx ratio 29.10 % > 1 %";

  static Proof unhealthy() {
    return new Proof(
        at ->
            StableRecovery.unhealthy(
                at, at.plusSeconds(30), Duration.ofSeconds(30), List.of(), List.of(STILL_5XX)));
  }

  private Rollback rollback(Map<String, String> properties, RecoveryProof proof) {
    Environment env = cluster.environment(properties);
    return new Rollback(
        ledger,
        RollbackPlan.of(env, client, List.of(), proof),
        env.name(),
        env.rollback().dryRun(),
        "test-runner",
        env.rollback().lease(),
        Clock.systemUTC());
  }

  @Test
  void aRollbackIsDoneOnceStableIsProvenHealthyAfterTheSwitchAndRecordsHowSoon() {
    Proof proof = new Proof(HEALTHY_AFTER_9S.answer);

    RollbackOutcome outcome = rollback(Map.of(), proof).trigger("api_p95 RED", "GateChecks#p95");

    RollbackRecord done = outcome.record();
    assertThat(done.state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(outcome.succeeded()).isTrue();
    Instant trafficMoved =
        done.actions().stream()
            .filter(a -> a.action().startsWith("traffic"))
            .map(ActionResult::finished)
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(proof.asked)
        .as("proved once, from when the last traffic action (ingress, httproute) moved it back")
        .containsExactly(trafficMoved);
    assertThat(done.recovery())
        .hasValueSatisfying(r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(9)));
    assertThat(done.summary())
        .contains("; stable healthy after 9 s (traffic back on stable at " + trafficMoved + ")");
    assertThat(outcome.describe())
        .contains("stable healthy after 9 s", "held: golden against stable passed");
    assertThat(ledger.read().rollback()).contains(done);
  }

  @Test
  void theObserverIsToldOfTheStartBeforeTheActionsAndOfTheEndWithTheRecordAndCannotStopIt() {
    List<String> told = new java.util.ArrayList<>();
    RollbackObserver observer =
        new RollbackObserver() {
          @Override
          public void started(RollbackRequest request) {
            told.add("started " + request.reason() + " by " + request.triggeredBy());
            throw new IllegalStateException("a broken observer");
          }

          @Override
          public void finished(RollbackRecord record) {
            told.add(
                "finished " + record.state() + " after " + record.actions().size() + " actions");
            throw new IllegalStateException("a broken observer");
          }
        };

    RollbackRecord done =
        rollback(Map.of(), new Proof(HEALTHY_AFTER_9S.answer))
            .observedBy(observer)
            .trigger("api_p95 RED", "GateChecks#p95")
            .record();

    assertThat(done.state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(told)
        .containsExactly(
            "started api_p95 RED by GateChecks#p95",
            "finished DONE after " + done.actions().size() + " actions");
    assertThat(done.actions()).isNotEmpty();
  }

  @Test
  void stableStillUnhealthyEndsDoneUnhealthyPagesTheWebhookAgainAndSaysWhatIsWrong()
      throws Exception {
    try (StubServer webhook =
        StubServer.start().route("/rollback", request -> StubServer.Response.of(204))) {
      Map<String, String> properties =
          Map.of("cutover.rollback.webhook", webhook.uri("/rollback").toString());

      RollbackOutcome outcome =
          rollback(properties, unhealthy()).trigger("error_ratio_5xx RED", "RampTest#step");

      RollbackRecord record = outcome.record();
      assertThat(record.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
      assertThat(outcome.succeeded()).as("DONE_UNHEALTHY is not a success").isFalse();
      assertThat(cluster.ingressWeights())
          .as("the traffic is back all the same")
          .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
      String key = ledger.read().attemptId() + "/rollback-" + record.requestedAt().toEpochMilli();
      List<StubServer.Request> pages = webhook.requests();
      assertThat(pages)
          .extracting(page -> page.header("Idempotency-Key"))
          .containsExactly("\"" + key + "\"", "\"" + key + "/unhealthy\"");
      assertThat(pages.get(0).body()).contains("\"event\":\"rollback\"");
      assertThat(pages.get(1).body())
          .contains(
              "\"event\":\"rollback_unhealthy\"",
              "\"state\":\"DONE_UNHEALTHY\"",
              "\"stableHealthy\":false",
              "29.10 % > 1 %");
      assertThat(record.recovery())
          .hasValueSatisfying(r -> assertThat(r.paged()).contains("rollback webhook HTTP 204"));
      assertThat(record.summary())
          .contains(
              "rollback DONE_UNHEALTHY", "stable still UNHEALTHY 30 s after the switch", STILL_5XX);
      assertThat(outcome.describe())
          .contains(
              "*** STABLE STILL UNHEALTHY 30 s after the switch",
              "still wrong: " + STILL_5XX,
              "paged: rollback webhook HTTP 204");
      assertThat(Rollback.whatNext(record))
          .contains("stable was not proven healthy: " + STILL_5XX, "rollback --config FILE");
    }
  }

  @Test
  void anUnhealthyStableWithoutAWebhookSaysNobodyWasPaged() {
    RollbackRecord record = rollback(Map.of(), unhealthy()).trigger("RED", "test").record();

    assertThat(record.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
    assertThat(record.recovery().orElseThrow().paged())
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("nobody: no rollback.webhook is configured"));
  }

  @Test
  void aDoneUnhealthyRollbackIsNotRerunByARedButIsProvedAgainByHand() {
    rollback(Map.of(), unhealthy()).trigger("RED", "test");
    Proof notAskedAgain = new Proof(HEALTHY_AFTER_9S.answer);
    assertThat(rollback(Map.of(), notAskedAgain).trigger("RED again", "test").executedHere())
        .isFalse();
    assertThat(notAskedAgain.asked).isEmpty();

    RollbackOutcome byHand =
        rollback(Map.of(), HEALTHY_AFTER_9S)
            .byHand("stable's database fixed", "alice", Duration.ZERO);

    assertThat(byHand.executedHere()).isTrue();
    assertThat(byHand.record().state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(byHand.record().takeovers())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.previousState()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
              assertThat(t.why()).isEqualTo("retried by hand: stable's database fixed");
            });
  }

  @Test
  void aProofThatThrowsLeavesTheRollbackDoneUnhealthyNeverDoneNorExecuting() {
    Proof broken =
        new Proof(
            at -> {
              throw new IllegalStateException("judging stable failed");
            });

    RollbackRecord record = rollback(Map.of(), broken).trigger("RED", "test").record();

    assertThat(record.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
    assertThat(record.recovery().orElseThrow().stillWrong())
        .containsExactly("the stable-health proof failed: judging stable failed");
  }

  @Test
  void aDryRunOrAFailedRollbackProvesNothingAboutStable() {
    Proof proof = new Proof(HEALTHY_AFTER_9S.answer);
    RollbackRecord dry =
        rollback(Map.of("cutover.rollback.dry_run", "true"), proof).trigger("RED", "test").record();
    assertThat(dry.state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(dry.recovery()).isEmpty();

    ledger.startNewAttempt();
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(MockCluster.NS)
        .withName(MockCluster.INGRESS)
        .edit(
            i -> {
              i.getMetadata()
                  .getAnnotations()
                  .put(
                      MockCluster.ANNOTATION,
                      "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"other\",\"servicePort\":80,\"weight\":100}]}}");
              return i;
            });
    RollbackRecord failed = rollback(Map.of(), proof).trigger("RED", "test").record();
    assertThat(failed.state()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(failed.recovery()).isEmpty();
    assertThat(proof.asked).isEmpty();
  }

  @Test
  void redSendsAllTrafficToStableScalesTheCanaryToZeroAndVerifies() {
    RollbackOutcome outcome =
        rollback(Map.of(), List.of(() -> "5xx ratio 0.1% and falling"))
            .trigger("api_p95 RED", "GateChecks#p95");

    assertThat(outcome.executedHere()).isTrue();
    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.rawAnnotation())
        .contains("\"servicePort\":80", "\"targetGroupStickinessConfig\":{\"enabled\":false}");
    assertThat(cluster.routeWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.replicas(CANARY)).isZero();
    assertThat(cluster.replicas(STABLE)).isEqualTo(3);
    assertThat(outcome.record().actions())
        .extracting(ActionResult::action)
        .containsExactly("traffic", "traffic-httproute", "scale");
    assertThat(outcome.record().actions().get(0).detail())
        .isEqualTo(
            "weights were {intelgraph-api=80, intelgraph-api-canary=20}, now {intelgraph-api=100, intelgraph-api-canary=0}");
    assertThat(outcome.record().verification())
        .get()
        .satisfies(
            v -> {
              assertThat(v.passed()).isTrue();
              assertThat(v.checks()).contains("check 1: ok, 5xx ratio 0.1% and falling");
            });
    assertThat(ledger.read().rollback()).contains(outcome.record());
  }

  @Test
  void twoRunnersRacingGiveOneRollback() throws Exception {
    var first =
        CompletableFuture.supplyAsync(
            () -> rollback(Map.of(), List.of()).trigger("RED from runner A", "A"));
    var second =
        CompletableFuture.supplyAsync(
            () -> rollback(Map.of(), List.of()).trigger("RED from runner B", "B"));
    List<RollbackOutcome> outcomes =
        List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

    assertThat(outcomes).filteredOn(RollbackOutcome::executedHere).hasSize(1);
    RollbackOutcome loser =
        outcomes.stream().filter(o -> !o.executedHere()).findFirst().orElseThrow();
    assertThat(loser.describe()).startsWith("not run again: this attempt's rollback ");
    assertThat(ledger.read().rollback())
        .get()
        .extracting(RollbackRecord::state)
        .isEqualTo(RollbackRecord.State.DONE);
  }

  @Test
  void aDryRunRecordsThePlanAndTouchesNothing() {
    RollbackOutcome outcome =
        rollback(Map.of("cutover.rollback.dry_run", "true"), List.of()).trigger("RED", "test");

    assertThat(outcome.record().dryRun()).isTrue();
    assertThat(outcome.record().actions())
        .extracting(ActionResult::status)
        .containsOnly(ActionResult.Status.DRY_RUN);
    assertThat(outcome.record().actions().get(0).description())
        .isEqualTo(
            "ingress intelgraph-maestro/intelgraph-maestro-ingress annotation alb.ingress.kubernetes.io/actions.weighted-routing: intelgraph-api weight 100, intelgraph-api-canary weight 0");
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
  }

  @Test
  void aFailingScriptFailsTheRollbackWithItsExitCodeAndOutput() throws Exception {
    Path script = dir.resolve("emergency-rollback.sh");
    Files.writeString(
        script,
        "#!/bin/sh\necho \"rolling back $1 for $CUTOVER_RELEASE_TAG\"\necho 'helm: release not found' >&2\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    RollbackOutcome outcome =
        rollback(Map.of("cutover.rollback.script", script + " full"), List.of())
            .trigger("RED", "test");

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.FAILED);
    ActionResult failed = outcome.record().actions().get(3);
    assertThat(failed.status()).isEqualTo(ActionResult.Status.FAILED);
    assertThat(failed.detail())
        .isEqualTo(
            "rollback script `%s full` exited 3; output:%nrolling back full for v1.0.0-GA%nhelm: release not found"
                .formatted(script));
    assertThat(outcome.describe()).contains("script FAILED", "exited 3");
  }

  @Test
  void aMissingStableTargetGroupFailsTrafficAndSkipsScalingTheCanary() {
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(MockCluster.NS)
        .withName(MockCluster.INGRESS)
        .edit(
            i -> {
              i.getMetadata()
                  .getAnnotations()
                  .put(
                      MockCluster.ANNOTATION,
                      "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"other\",\"servicePort\":80,\"weight\":100}]}}");
              return i;
            });

    RollbackOutcome outcome = rollback(Map.of(), List.of()).trigger("RED", "test");

    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(outcome.record().actions().get(0).detail())
        .startsWith(
            "ingress intelgraph-maestro/intelgraph-maestro-ingress annotation alb.ingress.kubernetes.io/actions.weighted-routing: the weighted-routing annotation has no target group for the stable service 'intelgraph-api' (it has {other=100})");
    assertThat(outcome.record().actions().get(2))
        .extracting(ActionResult::status)
        .isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
  }

  @Test
  void aFailingExtraCheckFailsTheVerification() {
    RollbackOutcome outcome =
        rollback(
                Map.of(),
                List.of(
                    () -> {
                      throw new IllegalStateException("5xx ratio still 4.2%");
                    }))
            .trigger("RED", "test");

    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(outcome.record().verification())
        .get()
        .extracting(v -> v.checks())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains("check 1: FAILED, 5xx ratio still 4.2%");
  }

  private void claimedBy(String holder, Instant heartbeat, Duration lease) {
    ledger.update(
        l ->
            l.withRollback(
                RollbackRecord.executing(
                    "api_p95 RED",
                    "GateChecks#p95",
                    RollbackLease.grant(holder, heartbeat, lease),
                    false,
                    heartbeat)));
  }

  @Test
  void aRollbackWhoseLeaseExpiredIsTakenOverAndThePlanRunsAgain() {
    Instant died = Instant.now().minusSeconds(30);
    claimedBy("4711@ci-7/dead", died, Duration.ofSeconds(2));

    RollbackOutcome outcome =
        rollback(Map.of(), List.of()).trigger("error_ratio_5xx RED", "GateChecks#errorRatio");

    assertThat(outcome.executedHere()).isTrue();
    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(outcome.record().reason()).as("the original reason stands").isEqualTo("api_p95 RED");
    assertThat(outcome.record().requestedAt()).isEqualTo(died);
    assertThat(outcome.record().takeovers())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.previousClaim()).isEqualTo("4711@ci-7/dead");
              assertThat(t.previousState()).isEqualTo(RollbackRecord.State.EXECUTING);
              assertThat(t.by()).isEqualTo("test-runner");
              assertThat(t.why())
                  .isEqualTo("the lease of 4711@ci-7/dead expired at " + died.plusSeconds(2));
            });
    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.replicas(CANARY)).isZero();
    assertThat(ledger.read().rollback()).contains(outcome.record());
  }

  @Test
  void aLiveLeaseHeldByAnotherRunnerIsNeverRunOver() {
    Instant heartbeat = Instant.now();
    claimedBy("4711@ci-7/alive", heartbeat, Duration.ofHours(1));

    assertThatThrownBy(
            () -> rollback(Map.of(), List.of()).byHand("canary looks bad", "alice", Duration.ZERO))
        .isInstanceOf(RollbackHeldException.class)
        .hasMessageStartingWith("refused: the rollback of release v1.0.0-GA attempt ")
        .hasMessageContaining(
            "is being executed by 4711@ci-7/alive (last heartbeat %s); its lease holds until %s unless renewed"
                .formatted(heartbeat, heartbeat.plus(Duration.ofHours(1))))
        .hasMessageContaining("nothing is run over a live lease");
    RollbackOutcome automatic = rollback(Map.of(), List.of()).trigger("RED", "test");

    assertThat(automatic.executedHere()).isFalse();
    assertThat(automatic.describe())
        .startsWith("not run again: this attempt's rollback EXECUTING")
        .contains("held by 4711@ci-7/alive until " + heartbeat.plus(Duration.ofHours(1)));
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
  }

  @Test
  void aDoneRollbackIsNotRunAgainByHand() {
    RollbackRecord done = rollback(Map.of(), List.of()).trigger("RED", "test").record();
    cluster.seed(20);

    RollbackOutcome again = rollback(Map.of(), List.of()).byHand("again", "alice", Duration.ZERO);

    assertThat(again.executedHere()).isFalse();
    assertThat(again.record()).isEqualTo(done);
    assertThat(cluster.ingressWeights()).as("nothing was touched").containsEntry(CANARY, 20);
  }

  @Test
  void aFailedRollbackIsRetriedByHandAndRecordsWhoAndWhy() {
    String good = cluster.rawAnnotation();
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(MockCluster.NS)
        .withName(MockCluster.INGRESS)
        .edit(
            i -> {
              i.getMetadata()
                  .getAnnotations()
                  .put(
                      MockCluster.ANNOTATION,
                      "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"other\",\"servicePort\":80,\"weight\":100}]}}");
              return i;
            });
    RollbackRecord failed = rollback(Map.of(), List.of()).trigger("RED", "GateChecks#p95").record();
    assertThat(failed.state()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(rollback(Map.of(), List.of()).trigger("RED again", "GateChecks#p95").executedHere())
        .as("an automatic RED does not re-run a FAILED rollback")
        .isFalse();
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(MockCluster.NS)
        .withName(MockCluster.INGRESS)
        .edit(
            i -> {
              i.getMetadata().getAnnotations().put(MockCluster.ANNOTATION, good);
              return i;
            });

    RollbackOutcome retried =
        rollback(Map.of(), List.of()).byHand("ingress target group fixed", "alice", Duration.ZERO);

    assertThat(retried.executedHere()).isTrue();
    assertThat(retried.record().state()).isEqualTo(RollbackRecord.State.DONE);
    RollbackTakeover takeover = retried.record().takeovers().get(0);
    assertThat(takeover.by()).isEqualTo("alice");
    assertThat(takeover.why()).isEqualTo("retried by hand: ingress target group fixed");
    assertThat(takeover.previousState()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(takeover.previousActions()).isEqualTo(failed.actions());
    assertThat(retried.record().summary()).contains("run 2 times");
    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
  }

  @Test
  void theRunnerRenewsItsLeaseWhileAnActionOutlastsIt() throws Exception {
    Path script = dir.resolve("slow-rollback.sh");
    Files.writeString(
        script, "#!/bin/sh\nsleep 3\n"); // the action under test takes 3 s; the lease is 2 s
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    var running =
        CompletableFuture.supplyAsync(
            () ->
                rollback(Map.of("cutover.rollback.script", script.toString()), List.of())
                    .trigger("RED", "A"));
    await("rollback claimed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> ledger.read().rollback().isPresent());
    Instant claimedUntil = ledger.read().rollback().orElseThrow().lease().orElseThrow().expiresAt();

    await("lease renewed by the heartbeat")
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                ledger
                    .read()
                    .rollback()
                    .orElseThrow()
                    .lease()
                    .orElseThrow()
                    .expiresAt()
                    .isAfter(claimedUntil));
    assertThatThrownBy(() -> rollback(Map.of(), List.of()).byHand("me too", "bob", Duration.ZERO))
        .isInstanceOf(RollbackHeldException.class);
    RollbackOutcome outcome = running.get(30, TimeUnit.SECONDS);

    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(outcome.record().takeovers()).as("never taken over while renewed").isEmpty();
  }

  @Test
  void everyRunOfOneRollbackSendsTheSameIdempotencyKeyToTheScriptAndTheWebhook() throws Exception {
    try (StubServer webhook =
        StubServer.start().route("/rollback", request -> StubServer.Response.of(204))) {
      Path marker = dir.resolve("fail-once");
      Path seen = dir.resolve("script-keys");
      Path script = dir.resolve("idempotent-rollback.sh");
      Files.writeString(
          script,
          "#!/bin/sh\necho \"$CUTOVER_ROLLBACK_IDEMPOTENCY_KEY\" >> %s\nif [ ! -e %s ]; then touch %s; exit 1; fi\n"
              .formatted(seen, marker, marker));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      Map<String, String> properties =
          Map.of(
              "cutover.rollback.script",
              script.toString(),
              "cutover.rollback.webhook",
              webhook.uri("/rollback").toString());

      RollbackRecord failed = rollback(properties, List.of()).trigger("RED", "test").record();
      RollbackRecord retried =
          rollback(properties, List.of()).byHand("script fixed", "alice", Duration.ZERO).record();

      assertThat(failed.state()).isEqualTo(RollbackRecord.State.FAILED);
      assertThat(retried.state()).isEqualTo(RollbackRecord.State.DONE);
      String key = ledger.read().attemptId() + "/rollback-" + failed.requestedAt().toEpochMilli();
      assertThat(webhook.requests())
          .extracting(request -> request.header("Idempotency-Key"))
          .containsExactly("\"" + key + "\"", "\"" + key + "\"");
      assertThat(Files.readAllLines(seen)).containsExactly(key, key);
    }
  }

  @Test
  void aRunOpeningTheLedgerCompletesAnAbandonedRollbackAndLeavesALiveOneAlone() {
    claimedBy("4711@ci-7/alive", Instant.now(), Duration.ofHours(1));
    assertThat(rollback(Map.of(), List.of()).takeOverIfAbandoned()).isEmpty();
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);

    claimedBy("4711@ci-7/dead", Instant.now().minusSeconds(60), Duration.ofSeconds(2));
    var outcome = rollback(Map.of(), List.of()).takeOverIfAbandoned();

    assertThat(outcome)
        .get()
        .satisfies(
            o -> {
              assertThat(o.executedHere()).isTrue();
              assertThat(o.record().state()).isEqualTo(RollbackRecord.State.DONE);
            });
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 0);
  }
}
