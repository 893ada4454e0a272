package io.intelgraph.cutover.runbook.evidence;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.Verification;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T+120 bundle seals the attempt's metrics as {@code cutover_metrics.txt} (OpenMetrics), the
 * facts the Pushgateway is given, and the line says how they were pushed or that nothing is
 * configured.
 */
class EvidenceRunMetricsTest {

  static final Instant NOW = Instant.parse("2026-12-07T11:05:00Z");

  @TempDir Path dir;

  EvidenceCollection collection(LineContext context, EvidenceWriter evidence) throws IOException {
    Files.createDirectories(dir.resolve("allure"));
    // the bundle seals the Allure results written so far: this run's one line
    Files.writeString(
        dir.resolve("allure/evidence-result.json"), "{\"name\": \"Evidence bundle\"}");
    return EvidenceCollection.open(
        context, evidence, new SealedBundle(evidence, dir, dir.resolve("allure"), line -> {}));
  }

  EvidenceWriter evidence() {
    return new EvidenceWriter(
        dir.resolve("evidence"), new Redactor(SecretRegistry.run()), (n, m, c, e) -> {});
  }

  static Ledger rolledBack(Ledger ledger) {
    Instant at = NOW.minusSeconds(600);
    return ledger.withRollback(
        RollbackRecord.executing(
                "canary 5xx RED",
                "gate",
                new RollbackLease("runner-1", at, at.plusSeconds(60)),
                false,
                at)
            .finished(new Verification(true, List.of(), at), at.plusSeconds(30)));
  }

  @Test
  void theBundleSealsTheMetricsFileAndSaysNoPushgatewayIsConfigured() throws Exception {
    LineContext context = withSigningKey();
    Ledger ledger = context.ledger().update(EvidenceRunMetricsTest::rolledBack);
    Path phaseDirectory =
        context
            .environment()
            .evidence()
            .directory()
            .resolve(ledger.releaseTag())
            .resolve("evidence");
    EvidenceWriter evidence =
        new EvidenceWriter(phaseDirectory, new Redactor(SecretRegistry.run()), (n, m, c, e) -> {});
    // an earlier run's file is not this bundle's
    evidence.attach(EvidenceCollection.METRICS_FILE, "text/plain", "stale\n");

    LineReport sealing = collection(context, evidence).evidenceBundle().run(context);

    assertThat(sealing).passed();
    assertThat(sealing.evidence())
        .filteredOn(e -> e.name().equals("run metrics"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.text())
                    .isEqualTo(
                        "cutover_metrics.txt (OpenMetrics); Pushgateway not configured"
                            + " (metrics.pushgateway): the run's metrics were not pushed"));
    String file = Files.readString(phaseDirectory.resolve("cutover_metrics.txt"));
    String identity =
        "release=\"%s\",environment=\"prod\",attempt=\"1\"".formatted(ledger.releaseTag());
    assertThat(file)
        .contains(
            "maestro_cutover_rollbacks{" + identity + "} 1\n",
            "maestro_cutover_rollback_duration_seconds{" + identity + "} 30\n")
        .endsWith("# EOF\n");
    try (Stream<Path> files = Files.list(phaseDirectory)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .filteredOn(name -> name.startsWith("cutover_metrics"))
          .containsExactly("cutover_metrics.txt");
    }
    assertThat(sealedEntry("cutover_metrics.txt")).isEqualTo(file);
  }

  @Test
  void withAPushgatewayTheLineNamesThePushesRecorded() throws Exception {
    LineContext context =
        LineContexts.at(
            dir, null, Map.of("cutover.metrics.pushgateway", "http://127.0.0.1:9091"), NOW);
    context
        .ledger()
        .update(
            l ->
                l.withEvent(
                    new LedgerEvent(
                        "metrics",
                        "after phase gate",
                        NOW.minusSeconds(60),
                        true,
                        "HTTP 200",
                        Map.of(
                            "url",
                            "http://127.0.0.1:9091/metrics/job/maestro_cutover",
                            "series",
                            "12"))));

    LineReport sealing = collection(context, evidence()).evidenceBundle().run(context);

    assertThat(sealing.evidence())
        .filteredOn(e -> e.name().equals("run metrics"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.text())
                    .isEqualTo(
                        "cutover_metrics.txt (OpenMetrics); 1 pushes, 0 failed; last: pushed 12"
                            + " series to http://127.0.0.1:9091/metrics/job/maestro_cutover at "
                            + NOW.minusSeconds(60)
                            + " (after phase gate)"));
  }

  /**
   * The production example at {@link #NOW}, its bundle signed with a private EC P-256 JWK exported
   * as production's CI exports it ({@code EVIDENCE_SIGNING_KEY}), so the bundle really seals.
   */
  private LineContext withSigningKey() throws Exception {
    String jwk =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
            .generate()
            .toJSONString();
    Map<String, String> variables = new java.util.HashMap<>(TestEnvironments.PROD_SECRETS);
    variables.put("EVIDENCE_SIGNING_KEY", jwk);
    Environment env =
        new EnvironmentLoader(
                Map.of(
                    "cutover.env", "prod.example",
                    "cutover.cluster.namespace", "intelgraph-maestro",
                    "cutover.evidence.directory", dir.resolve("cutover-evidence").toString()),
                variables,
                Path.of("target/no-such-dir"))
            .load();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        env,
        null,
        new FileLedgerStore(dir.resolve("ledger.json"), env.release().tag(), clock),
        clock);
  }

  /** The entry of the sealed zip whose name ends with {@code suffix}, as text. */
  private String sealedEntry(String suffix) throws IOException {
    Path zip;
    try (Stream<Path> files = Files.list(dir)) {
      zip = files.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
    }
    try (ZipFile bundle = new ZipFile(zip.toFile())) {
      ZipEntry entry =
          bundle.stream()
              .filter(e -> e.getName().endsWith(suffix))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no " + suffix + " in " + zip));
      return new String(bundle.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
