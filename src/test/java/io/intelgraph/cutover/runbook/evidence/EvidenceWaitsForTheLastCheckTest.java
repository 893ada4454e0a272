package io.intelgraph.cutover.runbook.evidence;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.support.JsonMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The T+120 phase waits for the attempt's last gate check: refused, with the time to wait, while a
 * check of a locked attempt is still due; or, with {@code evidence.allow_partial}, sealed with the
 * bundle marked PARTIAL. The production example: T-0 10:00, the lock 10:25, checks at T+15 (runs at
 * the lock), T+30 and T+60.
 */
class EvidenceWaitsForTheLastCheckTest {

  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  static final Instant LOCK = Instant.parse("2026-12-07T10:25:00Z");

  @TempDir Path dir;

  static Ledger locked(Ledger ledger) {
    return ledger
        .withTraffic(new TrafficStep(20, "canary", T0))
        .withTraffic(new TrafficStep(100, TrafficStep.LOCKED, LOCK));
  }

  static Ledger checkedAt(Ledger ledger, Instant at) {
    return ledger.withGate(
        new GateRecord(
            "api_p95",
            "all",
            "histogram_quantile(0.95, x)",
            "{}",
            Optional.of(0.2),
            "<= 350 ms",
            Outcome.PASS,
            Verdict.GREEN,
            0,
            at,
            "gate"));
  }

  LineContext context(Map<String, String> properties, Instant now) {
    return LineContexts.at(dir, null, properties, now);
  }

  @Test
  void beforeTheLastCheckThePhaseIsRefusedWithTheTimeToWait() {
    Instant now = Instant.parse("2026-12-07T10:35:00Z");
    LineContext context = context(Map.of(), now);
    Ledger ledger =
        context.ledger().update(l -> checkedAt(locked(l), Instant.parse("2026-12-07T10:25:10Z")));

    Optional<String> refusal = EvidenceCollection.refusal(context.environment(), ledger, now);

    assertThat(refusal)
        .contains(
            ("refused: the T+120 evidence seals the gate checks' decisions, so it waits for the"
                    + " last one: attempt %s has 1 of 3 gate checks recorded; still due: T+30,"
                    + " T+60. The last, T+60, is due at 2026-12-07T11:00:00Z (T-0 + 1h): wait at"
                    + " least 25m. Run the gate phase until it has decided (mvn verify -Pcutover"
                    + " -Dcutover.env=prod -Dgroups=gate), then this one; or seal a bundle marked"
                    + " PARTIAL with -Dcutover.evidence.allow_partial=true")
                .formatted(ledger.attemptId()));
  }

  @Test
  void aCheckThatIsOverdueIsNamedAsNotRecorded() {
    Instant now = Instant.parse("2026-12-07T11:10:00Z");
    LineContext context = context(Map.of(), now);
    Ledger ledger = context.ledger().update(EvidenceWaitsForTheLastCheckTest::locked);

    assertThat(EvidenceCollection.refusal(context.environment(), ledger, now))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains(
                        "has 0 of 3 gate checks recorded; still due: T+15, T+30, T+60",
                        "The last, T+60, was due at 2026-12-07T11:00:00Z (T-0 + 1h), 10m ago, and"
                            + " is not recorded: run the gate phase"));
  }

  @Test
  void everyCheckRecordedNoLockOrARollbackLetsItRun() {
    Instant now = Instant.parse("2026-12-07T11:05:00Z");
    LineContext context = context(Map.of(), now);
    Environment env = context.environment();
    Ledger empty = context.ledger().read();
    Ledger done =
        checkedAt(
            checkedAt(checkedAt(locked(empty), LOCK.plusSeconds(10)), T0.plusSeconds(1800)),
            T0.plusSeconds(3600));
    Ledger rolledBack =
        locked(empty)
            .withRollback(
                RollbackRecord.executing(
                    "canary 5xx RED",
                    "gate",
                    new RollbackLease("runner-1", now, now.plusSeconds(60)),
                    false,
                    now));

    assertThat(EvidenceCollection.refusal(env, done, now)).as("all three recorded").isEmpty();
    assertThat(EvidenceCollection.refusal(env, empty, now)).as("never locked").isEmpty();
    assertThat(EvidenceCollection.refusal(env, rolledBack, now)).as("rolled back").isEmpty();
  }

  @Test
  void allowPartialSealsABundleThatSaysItIsPartial() throws Exception {
    Instant now = Instant.parse("2026-12-07T10:35:00Z");
    LineContext context = context(Map.of("cutover.evidence.allow_partial", "true"), now);
    Ledger ledger =
        context.ledger().update(l -> checkedAt(locked(l), Instant.parse("2026-12-07T10:25:10Z")));
    Files.createDirectories(dir.resolve("allure"));
    EvidenceWriter evidence =
        new EvidenceWriter(
            dir.resolve("evidence"), new Redactor(SecretRegistry.run()), (n, m, c, e) -> {});
    EvidenceCollection t120 =
        EvidenceCollection.open(
            context, evidence, new SealedBundle(evidence, dir, dir.resolve("allure"), line -> {}));

    LineReport sealing = t120.evidenceBundle().run(context);

    assertThat(EvidenceCollection.refusal(context.environment(), ledger, now)).isEmpty();
    assertThat(t120.partial()).hasValueSatisfying(why -> assertThat(why).contains("1 of 3"));
    assertThat(sealing.evidence().get(0).name()).isEqualTo("PARTIAL bundle");
    assertThat(sealing.evidence().get(0).text())
        .startsWith(
            "sealed before the last gate check (evidence.allow_partial): attempt "
                + ledger.attemptId()
                + " has 1 of 3 gate checks recorded; still due: T+30, T+60");
    JsonNode status =
        JsonMappers.JSON.readTree(Files.readString(dir.resolve("evidence/bundle_status.json")));
    assertThat(status.path("status").asString()).isEqualTo("PARTIAL");
    assertThat(status.path("gate_checks_recorded").asInt()).isEqualTo(1);
    assertThat(status.path("gate_checks_planned").asInt()).isEqualTo(3);
  }

  @Test
  void aCompleteBundleSaysSoAndNoEarlierStatusIsSealedWithIt() throws Exception {
    Instant now = Instant.parse("2026-12-07T11:05:00Z");
    LineContext context = context(Map.of(), now);
    EvidenceWriter evidence =
        new EvidenceWriter(
            dir.resolve("evidence"), new Redactor(SecretRegistry.run()), (n, m, c, e) -> {});
    evidence.attach("bundle_status", "application/json", "{\"status\": \"PARTIAL\"}");
    Files.createDirectories(dir.resolve("allure"));
    EvidenceCollection t120 =
        EvidenceCollection.open(
            context, evidence, new SealedBundle(evidence, dir, dir.resolve("allure"), line -> {}));

    LineReport sealing = t120.evidenceBundle().run(context);

    assertThat(t120.partial()).isEmpty();
    assertThat(sealing.evidence()).noneMatch(e -> e.name().equals("PARTIAL bundle"));
    JsonNode status =
        JsonMappers.JSON.readTree(Files.readString(dir.resolve("evidence/bundle_status.json")));
    assertThat(status.path("status").asString()).isEqualTo("COMPLETE");
    try (var files = Files.list(dir.resolve("evidence"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .filteredOn(name -> name.startsWith("bundle_status"))
          .containsExactly("bundle_status.json");
    }
  }
}
