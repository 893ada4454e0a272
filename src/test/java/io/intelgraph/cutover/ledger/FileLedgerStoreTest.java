package io.intelgraph.cutover.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerStoreTest {

  static final Instant NOW = Instant.parse("2026-11-27T14:00:00Z");

  @TempDir Path dir;

  private FileLedgerStore store(String tag) {
    return new FileLedgerStore(dir.resolve("ledger.json"), tag, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void everyKindOfEntrySurvivesARoundTripThroughTheFile() {
    GateRecord gate =
        new GateRecord(
            "api_p95",
            "canary",
            "histogram_quantile(0.95, x)",
            "{\"status\":\"success\"}",
            Optional.of(0.41),
            "<= 350 ms",
            Outcome.BREACH,
            Verdict.YELLOW,
            1,
            NOW);
    GateRecord noData =
        new GateRecord(
            "kafka_lag",
            "all",
            "max(lag)",
            "{\"result\":[]}",
            Optional.empty(),
            "< 1000",
            Outcome.NO_DATA,
            Verdict.YELLOW,
            1,
            NOW);
    store("v1")
        .update(
            l ->
                l.withBaseline(
                        new Baseline(
                            "api_p95",
                            0.21,
                            "s",
                            "q",
                            NOW,
                            Optional.of(java.time.Duration.ofMinutes(5))))
                    .withBaseline(new Baseline("cost_rate", 12.5, "$/h", "kubecost", NOW))
                    .withGate(gate)
                    .withGate(noData)
                    .withPhase(
                        new PhaseResult(
                            "gate",
                            "GateChecks",
                            PhaseResult.Status.PASSED_WITH_SKIPS,
                            NOW,
                            NOW,
                            new PhaseResult.Lines(
                                3, 0, 1, java.util.List.of("'t60' aborted: nothing is due")),
                            "4 lines: 3 passed, 0 failed, 1 skipped"))
                    .withAttestation(new Attestation("platform-lead", "go for ramp", NOW))
                    .withRollback(
                        RollbackRecord.executing(
                            "api_p95 RED",
                            "GateChecks#p95",
                            RollbackLease.grant("runner-1", NOW, java.time.Duration.ofMinutes(1)),
                            false,
                            NOW)));

    Ledger read = store("v1").read();

    assertThat(read.releaseTag()).isEqualTo("v1");
    assertThat(read.baselines().get("api_p95").value()).isEqualTo(0.21);
    assertThat(read.baselines().get("api_p95").window()).contains(java.time.Duration.ofMinutes(5));
    assertThat(read.baselines().get("cost_rate").window()).isEmpty();
    assertThat(read.gates()).containsExactly(gate, noData);
    assertThat(read.history("kafka_lag"))
        .singleElement()
        .extracting(GateRecord::value)
        .isEqualTo(Optional.empty());
    assertThat(read.phases())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PhaseResult.Status.PASSED_WITH_SKIPS);
              assertThat(p.lines().skipReasons()).containsExactly("'t60' aborted: nothing is due");
            });
    assertThat(read.attestations()).hasSize(1);
    assertThat(read.rollback())
        .get()
        .extracting(RollbackRecord::state)
        .isEqualTo(RollbackRecord.State.EXECUTING);
    assertThat(dir.resolve("ledger.json"))
        .content()
        .contains("\"schemaVersion\" : 2", "\"releaseTag\" : \"v1\"", "\"attempt\" : 1");
  }

  @Test
  void concurrentUpdatesFromManyThreadsLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      IntStream.range(0, 4)
          .forEach(
              thread ->
                  writes.add(
                      CompletableFuture.runAsync(
                          () ->
                              IntStream.range(0, 25)
                                  .forEach(
                                      i ->
                                          store("v1")
                                              .update(
                                                  l ->
                                                      l.withAttestation(
                                                          new Attestation(
                                                              "thread-" + thread,
                                                              "update " + i,
                                                              NOW)))),
                          pool)));
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(store("v1").read().attestations()).hasSize(100);
  }

  @Test
  void twoJvmsUpdatingTheSameFileLoseNothing() throws Exception {
    store("v1").read();
    Path file = dir.resolve("ledger.json");
    List<Process> others = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      others.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LedgerWriterMain.class.getName(),
                  file.toString(),
                  "jvm-" + i,
                  "30")
              .redirectErrorStream(true)
              .start());
    }
    for (int i = 0; i < 30; i++) {
      int n = i;
      store("v1").update(l -> l.withAttestation(new Attestation("this-jvm", "update " + n, NOW)));
    }
    for (Process other : others) {
      assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("writer JVM finished").isTrue();
      assertThat(other.exitValue())
          .as(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
    }

    assertThat(store("v1").read().attestations()).hasSize(90);
  }

  @Test
  void aCorruptFileIsRefusedWithWhereWhatAndTheFixAndLeftUntouched() throws IOException {
    Path file = dir.resolve("ledger.json");
    Files.writeString(file, "{\"schemaVersion\": 1, \"releaseTag\": \"v1\", \"attemptId\": ");

    assertThatThrownBy(
            () -> store("v1").update(l -> l.withAttestation(new Attestation("a", "b", NOW))))
        .isInstanceOf(LedgerException.class)
        .hasMessageStartingWith("ledger " + file + " is corrupt: not valid JSON at line 1")
        .hasMessageContaining("start a new attempt with -Dcutover.attempt=new");
    assertThat(file).hasContent("{\"schemaVersion\": 1, \"releaseTag\": \"v1\", \"attemptId\": ");
  }

  @Test
  void aLedgerOfAnotherReleaseIsRefused() {
    store("v0.9.0").read();

    assertThatThrownBy(() -> store("v1.0.0-GA").read())
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("belongs to release 'v0.9.0', but this run is release 'v1.0.0-GA'")
        .hasMessageContaining("-Dcutover.attempt=new");
  }

  @Test
  void aJsonFileThatIsNotALedgerIsRefusedAsForeign() throws IOException {
    Files.writeString(dir.resolve("ledger.json"), "{\"name\": \"something else\"}");

    assertThatThrownBy(() -> store("v1").read())
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining(
            "is not a maestro-cutover ledger (no schemaVersion and releaseTag at the top level)");
  }

  @Test
  void aLedgerOfAnotherSchemaVersionIsRefused() throws IOException {
    Files.writeString(dir.resolve("ledger.json"), "{\"schemaVersion\": 1, \"releaseTag\": \"v1\"}");

    assertThatThrownBy(() -> store("v1").read())
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("has schema version 1, this build reads version 2");
  }

  @Test
  void aNewAttemptArchivesEvenACorruptLedgerAndStartsEmpty() throws IOException {
    Files.writeString(dir.resolve("ledger.json"), "garbage");

    Ledger fresh = store("v1").startNewAttempt();

    assertThat(store("v1").read().attemptId()).isEqualTo(fresh.attemptId());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("ledger.json.attempt-unreadable-" + NOW.toEpochMilli());
    }
    assertThat(dir.resolve("ledger.json.attempt-unreadable-" + NOW.toEpochMilli()))
        .hasContent("garbage");
    assertThat(fresh.attempt()).as("the unreadable ledger was an attempt too").isEqualTo(2);
  }

  @Test
  void theAttemptNumberCountsTheAttemptsArchivedBeside() {
    assertThat(store("v1").read().attempt()).isEqualTo(1);

    Ledger second = store("v1").startNewAttempt();

    assertThat(second.attempt()).isEqualTo(2);
    assertThat(store("v1").read().attempt()).isEqualTo(2);
  }

  @Test
  void aCrashBeforeTheMoveLeavesTheOldLedgerReadable() throws IOException {
    Ledger before = store("v1").update(l -> l.withAttestation(new Attestation("a", "b", NOW)));
    // what a crash mid-write leaves behind: a partial temporary file next to the ledger
    Files.writeString(dir.resolve("ledger.json.123.tmp"), "{\"schemaVersion\": 1, \"relea");

    assertThat(store("v1").read()).isEqualTo(before);
  }

  @Test
  void archivedAttemptsAreReadBackOldestFirstLeavingOutAnUnreadableOne() throws IOException {
    LedgerEvent drill = new LedgerEvent("drill", "postgres restore", NOW, true, "restored", null);
    Ledger first = store("v1").update(l -> l.withEvent(drill));
    store("v1").startNewAttempt();
    Ledger second = store("v1").update(l -> l.withAttestation(new Attestation("a", "b", NOW)));
    store("v1").startNewAttempt();
    Files.writeString(dir.resolve("ledger.json.attempt-unreadable-1"), "garbage");

    List<Ledger> archived = store("v1").archivedAttempts();

    assertThat(archived)
        .extracting(Ledger::attemptId)
        .containsExactly(first.attemptId(), second.attemptId());
    assertThat(archived.get(0).events("drill")).containsExactly(drill);
    assertThat(store("v1").read().attempt())
        .as("the current attempt is not an archived one")
        .isEqualTo(3);
  }

  @Test
  void noArchivedAttemptsBeforeTheFirstNewAttempt() {
    store("v1").read();

    assertThat(store("v1").archivedAttempts()).isEmpty();
  }
}
