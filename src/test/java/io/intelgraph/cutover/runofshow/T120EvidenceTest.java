package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.DeploymentStatus;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.evidence.AllureRedaction;
import io.intelgraph.cutover.evidence.CutoverSummary;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.EvidenceVerifier;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.LedgerFacts;
import io.intelgraph.cutover.evidence.Manifest;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.RangeSeries;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.evidence.SloChart;
import io.intelgraph.cutover.evidence.SloData;
import io.intelgraph.cutover.evidence.SloReport;
import io.intelgraph.cutover.evidence.SummaryCalculator;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.Blocking;
import io.intelgraph.cutover.junit.EvidencePhase;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * T+120: the evidence of the cutover. The SLOs over the whole window as a report and a chart, the
 * cluster as it stands, the summary counted from the ledger, and the signed bundle that seals the
 * evidence and the Allure results written so far. A failed check does not stop the bundle: the
 * evidence of a failed cutover is sealed as well.
 */
@EvidencePhase
@DisplayName("T+120 Evidence collection")
class T120EvidenceTest {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Prometheus refuses more than 11,000 points per series; this keeps the chart readable. */
  private static final int MAX_POINTS = 600;

  static EvidenceWriter evidence;
  static EvidenceBundle.Sealed sealed;

  @BeforeAll
  static void evidenceOfThisPhase(Environment env, LedgerStore ledgerStore) {
    evidence =
        EvidenceWriter.forPhase(
            env.evidence().directory(),
            env.release().tag(),
            "evidence",
            new Redactor(SecretRegistry.run()));
    // before any check: if sealing fails below, no bundle of another attempt is left for CI to
    // upload as this one's
    List<Path> removed = EvidenceBundle.removeEarlierBundles(bundleDirectory(env));
    if (!removed.isEmpty()) {
      System.out.printf(
          "removed earlier evidence bundles before sealing attempt %s: %s%n",
          ledgerStore.read().attemptId(), removed);
    }
  }

  private static Path bundleDirectory(Environment env) {
    return env.evidence().directory().toAbsolutePath().getParent();
  }

  @Test
  @Order(1)
  @DisplayName(
      "SLO Compliance Report: p95 latency and 5xx ratio over the cutover window, with thresholds and ramp steps")
  void sloComplianceReport(Environment env, LedgerStore ledgerStore) {
    Ledger ledger = ledgerStore.read();
    Instant end = Instant.now();
    Instant start = ledger.startedAt();
    Duration step = step(env, start, end);
    PromQlClient prometheus = PromQlClient.forEnvironment(env);
    GateSpec p95 = gate(env, "api_p95");
    GateSpec errors = gate(env, "error_ratio_5xx");
    assertThat(p95.threshold().unit()).as("api_p95 threshold unit").isEqualTo(Unit.SECONDS);
    assertThat(errors.threshold().unit())
        .as("error_ratio_5xx threshold unit")
        .isEqualTo(Unit.RATIO);

    List<RangeSeries> p95Series = new ArrayList<>();
    List<RangeSeries> errorSeries = new ArrayList<>();
    for (Scope scope : List.of(Scope.STABLE, Scope.CANARY)) {
      p95Series.addAll(range(env, prometheus, p95, scope, start, end, step));
      errorSeries.addAll(range(env, prometheus, errors, scope, start, end, step));
    }
    SloData data =
        new SloData(
            env.release().tag(),
            p95Series,
            errorSeries,
            Duration.ofNanos(Math.round(p95.threshold().limit() * 1e9)),
            errors.threshold().limit(),
            LedgerFacts.ramp(ledger));
    SloReport.Report report = SloReport.of(data);
    evidence.attach("slo_report", "application/json", SloReport.json(data));
    evidence.attach("SLO chart", "image/png", SloChart.png(data, 1280, 900));

    assertThat(report.compliant())
        .as(
            "SLOs from %s to %s (step %s): p95 %s, 5xx %s; see slo_report.json",
            start, end, step, describe(report.p95Latency()), describe(report.errorRatio()))
        .isTrue();
  }

  @Test
  @Order(2)
  @DisplayName(
      "Deployment Status: deployments, ingress weights and HTTPRoute as the cluster reports them")
  void deploymentStatus(Environment env, KubernetesClient kubernetes, LedgerStore ledgerStore) {
    Deployments deployments = new Deployments(kubernetes, env.cluster().namespace());
    TrafficRouter router = new TrafficRouter(kubernetes, env.cluster());
    DeploymentStatus stable = deployments.status(env.cluster().stableDeployment());
    DeploymentStatus canary = deployments.status(env.cluster().canaryDeployment());
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("taken_at", Instant.now().toString());
    snapshot.put("namespace", env.cluster().namespace());
    snapshot.put("deployments", List.of(stable, canary));
    snapshot.put(
        "ingress",
        Map.of(
            "name",
            env.cluster().ingress(),
            "annotation",
            env.cluster().routingAnnotation(),
            "weights",
            router.ingressWeights()));
    env.cluster()
        .httpRoute()
        .ifPresent(
            route ->
                snapshot.put(
                    "http_route",
                    Map.of("name", route, "weights", router.httpRouteWeights(route))));
    evidence.attach("kubernetes status", "application/json", JSON.writeValueAsString(snapshot));
    String text =
        Stream.of(
                stable.describe(),
                canary.describe(),
                "ingress %s weights %s".formatted(env.cluster().ingress(), router.ingressWeights()),
                env.cluster()
                    .httpRoute()
                    .map(
                        route ->
                            "httproute %s weights %s"
                                .formatted(route, router.httpRouteWeights(route)))
                    .orElse("no HTTPRoute configured"))
            .collect(Collectors.joining("\n", "", "\n"));
    evidence.attach("kubernetes status", "text/plain", text);

    assertThat(List.of(stable, canary))
        .as("deployments of %s:\n%s", env.cluster().namespace(), text)
        .allMatch(DeploymentStatus::isComplete);
    Ledger ledger = ledgerStore.read();
    // after a rollback the canary must stand at 0, whatever the last traffic step before it was
    boolean rolledBack =
        ledger.rollback().filter(r -> r.claimedByARunner() && !r.dryRun()).isPresent();
    int expected = rolledBack ? 0 : ledger.canaryPercent();
    assertThat(router.canaryPercent())
        .as(
            "canary weight on ingress %s; expected %d %% (%s)",
            env.cluster().ingress(),
            expected,
            rolledBack
                ? "rolled back: " + ledger.rollback().get().summary()
                : "the ledger's last traffic step")
        .isEqualTo(expected);
  }

  @Test
  @Order(3)
  @DisplayName("Performance Summary: cutover_summary.json counted from the ledger")
  void performanceSummary(Environment env, LedgerStore ledgerStore) {
    Ledger ledger = ledgerStore.read();
    CutoverSummary summary =
        SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, Instant.now()));
    evidence.attach("ledger", "application/json", LedgerFacts.json(ledger));
    evidence.attach("cutover_summary", "application/json", summary.toJson());

    assertThat(summary.gatesEvaluated())
        .as("gate evaluations recorded in ledger %s", ledgerStore.location())
        .isPositive();
    assertThat(summary.worstVerdict())
        .as(
            "worst gate verdict of %s (%d of %d evaluations passed); see cutover_summary.json",
            summary.release(), summary.gatesPassed(), summary.gatesEvaluated())
        .isNotEqualTo(Verdict.RED);
  }

  @Test
  @Order(4)
  @Blocking
  @DisplayName(
      "Evidence bundle: manifest of SHA-256 digests, signed, packed with the Allure results")
  void evidenceBundle(Environment env, LedgerStore ledgerStore) throws IOException {
    String release = env.release().tag();
    Path evidenceDirectory = env.evidence().directory().resolve(release);
    Path allureResults = AllureRedaction.resultsDirectory();
    Path output = bundleDirectory(env);
    SigningKey key = SigningKey.from(env.evidence());
    sealed =
        new EvidenceBundle(release, key, Clock.systemUTC())
            .seal(
                output,
                List.of(
                    new EvidenceBundle.Source("evidence", evidenceDirectory),
                    new EvidenceBundle.Source("allure-results", allureResults)));

    String publicKey = Files.readString(sealed.publicJwk()).strip();
    String where =
        """
        bundle:      %s (%d files, SHA-256 %s)
        public key:  %s
        %s
        signed by:   %s%s
        verify with: java -jar target/maestro-cutover.jar verify-evidence --bundle %s --public-key %s
        """
            .formatted(
                sealed.zip(),
                sealed.manifest().entries().size(),
                sha256(sealed.zip()),
                sealed.publicJwk(),
                publicKey,
                key,
                key.generated()
                    ? " (generated for this bundle; the private half was never written)"
                    : "",
                sealed.zip(),
                sealed.publicJwk());
    System.out.println(where);
    evidence.attach("evidence bundle", "text/plain", where);
    // what the go-live approvals must sign over: the closeout compares each approval with this
    // digest
    String digest = ManifestDigest.of(sealed.zip());
    System.out.println(
        "manifest digest: " + digest + " (approve --manifest-digest " + digest + ")");
    ledgerStore.update(
        l ->
            l.withAttestation(
                new Attestation(
                    sealed.zip().getFileName().toString(),
                    ManifestDigest.SEALED + digest + " (" + key + ")",
                    sealed.manifest().created())));

    assertThat(sealed.manifest().entries())
        .as("files sealed into %s", sealed.zip())
        .anyMatch(entry -> entry.path().startsWith("evidence/"))
        .anyMatch(entry -> entry.path().startsWith("allure-results/"));
  }

  @Test
  @Order(5)
  @DisplayName(
      "Release artifacts attached: the bundle verifies and holds the evidence (CI uploads it to the release)")
  void releaseArtifactsAttached() {
    assertThat(sealed).as("the bundle of the previous check").isNotNull();
    EvidenceVerifier.Result result =
        EvidenceVerifier.verify(sealed.zip(), EvidenceVerifier.readPublicKey(sealed.publicJwk()));
    String listing =
        sealed.manifest().entries().stream()
            .map(entry -> "%s  %8d  %s".formatted(entry.sha256(), entry.size(), entry.path()))
            .collect(
                Collectors.joining(
                    "\n",
                    """
            This run does not upload: in CI the pipeline (ci/github/cutover.yml, ci/gitlab/.gitlab-ci.yml) attaches
            %s, %s and the report to the release. Verified here: %s

            """
                        .formatted(
                            sealed.zip().getFileName(),
                            sealed.publicJwk().getFileName(),
                            result.valid() ? "signature and every digest hold" : result.problems()),
                    "\n"));
    evidence.attach("release artifacts", "text/plain", listing);

    assertThat(result.problems()).as("verify-evidence of %s", sealed.zip()).isEmpty();
    assertThat(result.manifest())
        .map(Manifest::entries)
        .get()
        .asList()
        .hasSameSizeAs(sealed.manifest().entries());
  }

  @Test
  @Order(6)
  @DisplayName(
      "War room summary: T+120 verdict and figures posted to the war room (war_room.webhook)")
  void warRoomSummary(Environment env, LedgerStore ledgerStore) {
    WarRoomLine.post(env, ledgerStore, "T+120 evidence");
  }

  private static String sha256(Path file) throws IOException {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static GateSpec gate(Environment env, String name) {
    GateSpec spec = env.gates().get(name);
    assertThat(spec).as(env.whyNoGate(name)).isNotNull();
    return spec;
  }

  private static List<RangeSeries> range(
      Environment env,
      PromQlClient prometheus,
      GateSpec spec,
      Scope scope,
      Instant start,
      Instant end,
      Duration step) {
    Gate gate = Gate.resolve(spec, scope, env.cadence().rateWindow(), env.prometheus().selectors());
    QueryResult answer = prometheus.queryRange(gate.query(), start, end, step);
    evidence.attach(
        "%s %s range".formatted(spec.name(), scope.name().toLowerCase(java.util.Locale.ROOT)),
        "application/json",
        "{\"query\": %s, \"start\": \"%s\", \"end\": \"%s\", \"step\": \"%s\", \"answer\": %s}"
            .formatted(JSON.writeValueAsString(gate.query()), start, end, step, answer.rawJson()));
    String track = scope.name().toLowerCase(java.util.Locale.ROOT);
    return RangeSeries.parse(spec.name() + " " + track, answer.rawJson()).stream()
        .map(
            series -> {
              Map<String, String> labels = new LinkedHashMap<>(series.labels());
              labels.putIfAbsent("track", track);
              return new RangeSeries(labels, series.points());
            })
        .toList();
  }

  /** At least the scrape interval, at most {@link #MAX_POINTS} points over the window. */
  private static Duration step(Environment env, Instant start, Instant end) {
    Duration byPoints = Duration.between(start, end).dividedBy(MAX_POINTS);
    Duration step =
        byPoints.compareTo(env.cadence().scrapeInterval()) > 0
            ? byPoints
            : env.cadence().scrapeInterval();
    return Duration.ofSeconds(Math.max(1, (step.toMillis() + 999) / 1000));
  }

  private static String describe(SloReport.Slo slo) {
    return slo.series().stream()
        .map(
            s ->
                "%s max %s %s, %d of %d samples above %s"
                    .formatted(
                        s.labels().getOrDefault("track", "all"),
                        s.max()
                            .map(v -> String.format(java.util.Locale.ROOT, "%.4g", v))
                            .orElse("none"),
                        slo.unit(),
                        s.aboveThreshold(),
                        s.samples(),
                        slo.threshold()))
        .collect(Collectors.joining("; ", "[", "]"));
  }
}
