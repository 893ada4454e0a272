package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.jwk.JWKSet;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.assertions.CutoverAssertions;
import io.intelgraph.cutover.cluster.LatestBackup;
import io.intelgraph.cutover.cluster.ReadyConditions;
import io.intelgraph.cutover.cluster.TargetHealth;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.MetricContract;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.golden.LatencySample;
import io.intelgraph.cutover.golden.OidcDiscovery;
import io.intelgraph.cutover.junit.PreflightPhase;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.preflight.DnsProbe;
import io.intelgraph.cutover.preflight.ExpectedRevision;
import io.intelgraph.cutover.preflight.OpaBundleVerdict;
import io.intelgraph.cutover.preflight.OpaProbe;
import io.intelgraph.cutover.preflight.TlsProbe;
import io.intelgraph.cutover.preflight.WalArchiving;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.rollback.RollbackReadiness;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * T-15 of the run of show: the final system validation gates. Every line observes the real thing
 * (the public DNS answer, the TLS edge, the cluster's conditions, the provider's JWKS, OPA, WAL
 * archiving and the backup Jobs) and fails with what it saw. The last check proves the gates' own
 * plumbing: each gate's queries answer fresh data for the stable track now, so no gate can later
 * "pass" for lack of data.
 *
 * <p>No check here is {@code @Critical}: nothing has moved yet, so there is nothing to roll back; a
 * failure fails the phase, and the release engineer does not start the canary.
 */
@PreflightPhase
@DisplayName("T-15: Final system validation gates")
class T15PreflightTest {

  private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

  static EvidenceWriter evidence;

  @BeforeAll
  static void evidenceOfThisPhase(Environment env) {
    evidence =
        EvidenceWriter.forPhase(
            env.evidence().directory(),
            env.release().tag(),
            "preflight",
            new Redactor(SecretRegistry.run()));
  }

  @Test
  @Order(1)
  @DisplayName("DNS resolves correctly: {endpoints.public_host} → ALB")
  void dnsResolves(Environment env) {
    DnsProbe.Resolution resolution = dns(env);
    assertThat(resolution.problem())
        .as("DNS for endpoints.public_host at %s: %s", Instant.now(), resolution.describe())
        .isEmpty();
    assertThat(resolution.addresses())
        .as(
            "DNS A/AAAA records of endpoints.public_host at %s: %s",
            Instant.now(), resolution.describe())
        .isNotEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("TTL ≤ 300s: Fast failover configured")
  void ttlAllowsFastFailover(Environment env) {
    DnsProbe.Resolution resolution = dns(env);
    assertThat(resolution.ttlProblem(env.preflight().maxDnsTtl()))
        .as(
            "DNS TTL of endpoints.public_host at %s against preflight.max_dns_ttl %d s: %s",
            Instant.now(), env.preflight().maxDnsTtl().toSeconds(), resolution.describe())
        .isEmpty();
  }

  /**
   * The target groups as the AWS Load Balancer Controller fills them: each Service (stable and
   * canary) has ready endpoints in its EndpointSlices, the ingress has a load balancer address, and
   * the ingress routes to both services.
   */
  @Test
  @Order(3)
  @DisplayName("ALB target groups healthy: Blue + canary both ready")
  void targetGroupsHealthy(Environment env, KubernetesClient kubernetes) {
    TargetHealth.Report report =
        new TargetHealth(kubernetes, env.cluster().namespace())
            .of(
                env.cluster().ingress(),
                List.of(env.cluster().stableService(), env.cluster().canaryService()));
    assertThat(report.problems())
        .as("target groups at %s: %s", Instant.now(), report.describe())
        .isEmpty();
    Map<String, Integer> weights = new TrafficRouter(kubernetes, env.cluster()).ingressWeights();
    assertThat(weights)
        .as(
            "ingress %s/%s routes to %s; both the stable and the canary target group must be attached",
            env.cluster().namespace(), env.cluster().ingress(), weights)
        .containsKeys(env.cluster().stableService(), env.cluster().canaryService());
  }

  @Test
  @Order(4)
  @DisplayName("cert-manager Ready=True: All certificates valid")
  void certificatesReady(Environment env, KubernetesClient kubernetes) {
    allReady(kubernetes, env, ReadyConditions.CERTIFICATES);
  }

  @Test
  @Order(5)
  @DisplayName("HSTS enabled: Security headers active")
  void securityHeadersActive(Environment env) {
    TlsProbe.TlsReport tls = tls(env);
    Optional<String> hsts = tls.header("strict-transport-security");
    Matcher maxAge = MAX_AGE.matcher(hsts.orElse(""));
    assertThat(maxAge.find() && Long.parseLong(maxAge.group(1)) > 0)
        .as(
            "Strict-Transport-Security of %s is %s; expected max-age above 0",
            tlsEndpoint(env), hsts.orElse("absent"))
        .isTrue();
    assertThat(tls.header("x-content-type-options"))
        .as("X-Content-Type-Options of %s", tlsEndpoint(env))
        .hasValueSatisfying(v -> assertThat(v.strip()).isEqualToIgnoringCase("nosniff"));
  }

  @Test
  @Order(6)
  @DisplayName("TLS certificate valid: Expiry > 30 days")
  void certificateValidLongEnough(Environment env) {
    TlsProbe.TlsReport tls = tls(env);
    Duration minimum = env.preflight().minCertificateValidity();
    assertThat(tls.remaining())
        .as(
            "certificate %s of %s (issuer %s) expires %s, in %d days; preflight.min_certificate_validity is %d days",
            tls.subject(),
            tls.host(),
            tls.issuer(),
            tls.notAfter(),
            tls.remaining().toDays(),
            minimum.toDays())
        .isGreaterThan(minimum);
  }

  @Test
  @Order(7)
  @DisplayName("External Secrets synced: OIDC credentials loaded")
  void externalSecretsSynced(Environment env, KubernetesClient kubernetes) {
    // external-secrets.io/v1, or v1beta1 on an operator that does not serve v1 yet (API discovery
    // decides)
    allReady(
        kubernetes,
        env,
        new ReadyConditions(kubernetes, env.cluster().namespace())
            .servedVersion(ReadyConditions.EXTERNAL_SECRETS_VERSIONS));
  }

  /**
   * The JWKS named by the {@code oidc-config} ConfigMap ({@code jwks_uri}), else by the provider's
   * discovery document.
   */
  @Test
  @Order(8)
  @DisplayName("JWKS endpoint responding: Key rotation ready")
  void jwksResponding(Environment env, KubernetesClient kubernetes) throws Exception {
    ConfigMap config =
        kubernetes
            .configMaps()
            .inNamespace(env.cluster().namespace())
            .withName("oidc-config")
            .get();
    String fromConfigMap =
        config == null || config.getData() == null ? null : config.getData().get("jwks_uri");
    URI jwks =
        fromConfigMap != null && !fromConfigMap.isBlank()
            ? URI.create(fromConfigMap)
            : OidcDiscovery.fetch(env.endpoints().oidcIssuer(), env.preflight().timeout())
                .jwksUri();
    int millis = (int) env.preflight().timeout().toMillis();
    JWKSet keys;
    try {
      keys = JWKSet.load(jwks.toURL(), millis, millis, 512 * 1024);
    } catch (java.io.IOException | java.text.ParseException e) {
      throw new AssertionError(
          "JWKS %s did not answer a key set within %d ms: %s".formatted(jwks, millis, e), e);
    }
    assertThat(keys.getKeys())
        .as(
            "keys published at %s at %s (key ids %s)",
            jwks, Instant.now(), keys.getKeys().stream().map(k -> k.getKeyID()).toList())
        .isNotEmpty()
        .allSatisfy(
            key ->
                assertThat(key.isPrivate())
                    .as("key %s at %s is published WITH its private part", key.getKeyID(), jwks)
                    .isFalse());
  }

  @Test
  @Order(9)
  @DisplayName("OPA bundle loaded: Latest policy hash confirmed")
  void opaBundleLoaded(Environment env, KubernetesClient kubernetes, LedgerStore ledger) {
    Preflight preflight = env.preflight();
    OpaProbe.BundleStatus status =
        new OpaProbe(env.endpoints().opa(), preflight.timeout())
            .bundleStatus(preflight.opaDecisionPath());
    OpaBundleVerdict verdict =
        OpaBundleVerdict.judge(
            status,
            preflight.opaBundle(),
            ExpectedRevision.of(preflight, env.cluster().namespace(), kubernetes));
    evidence.attach("OPA bundle status", "text/plain", verdict.describe());
    assertThat(verdict.problems()).as("at %s: %s", Instant.now(), verdict.describe()).isEmpty();
    String revision = verdict.revision().orElseThrow();
    ledger.update(
        l ->
            l.withAttestation(
                new Attestation(
                    "OPA " + env.endpoints().opa(),
                    "OPA bundle loaded: revision " + revision,
                    Instant.now())));
  }

  @Test
  @Order(10)
  @DisplayName("Policy decisions < 10ms: Performance within SLO")
  void policyDecisionsFast(Environment env) {
    Preflight preflight = env.preflight();
    OpaProbe.DecisionSample sample =
        new OpaProbe(env.endpoints().opa(), preflight.timeout())
            .timeDecisions(preflight.opaDecisionPath(), preflight.opaSamples());
    LatencySample latency =
        new LatencySample(
            "OPA decision " + preflight.opaDecisionPath(),
            sample.latencies(),
            preflight.opaMaxP95());
    assertThat(sample.failures())
        .as(
            "%d of %d decisions at %s failed (no 200 with a result); %s",
            sample.failures(), preflight.opaSamples(), sample.path(), latency)
        .isZero();
    CutoverAssertions.assertThat(latency)
        .as("at %s (preflight.opa_max_p95)", sample.path())
        .meetsTarget();
  }

  /**
   * The restore point PITR can reach is the last archived WAL segment: its age from
   * postgres_exporter ({@code backups.wal_archive_age_query}) against {@code
   * preflight.max_restore_point_lag}, and no failed archive attempts within that window ({@code
   * backups.wal_failures_query}).
   */
  @Test
  @Order(11)
  @DisplayName("PostgreSQL PITR marker: recorded (Time)")
  void postgresRestorePoint(Environment env, LedgerStore ledger) {
    Instant now = Instant.now();
    WalArchiving.Status wal =
        new WalArchiving(PromQlClient.forEnvironment(env), env.backups())
            .read(now, env.preflight().maxRestorePointLag());
    assertThat(wal.problems())
        .as("PostgreSQL WAL archiving from %s: %s", env.endpoints().prometheus(), wal.describe())
        .isEmpty();
    Instant restorePoint = wal.restorePoint().orElseThrow();
    ledger.update(
        l ->
            l.withAttestation(
                new Attestation(
                    "Prometheus " + env.endpoints().prometheus(),
                    "PostgreSQL PITR marker: %s (last archived WAL segment, %s)"
                        .formatted(restorePoint, wal.ageQuery()),
                    now)));
  }

  /**
   * The newest successful backup Job (or Velero Backup, {@code backups.source}): its name is the
   * backup id.
   */
  @Test
  @Order(12)
  @DisplayName("Neo4j backup ID: recorded (Backup Path)")
  void neo4jBackupId(Environment env, KubernetesClient kubernetes, LedgerStore ledger) {
    LatestBackup.Backup backup =
        new LatestBackup(kubernetes, env.cluster().namespace(), env.backups()).newestSuccessful();
    Instant now = Instant.now();
    Duration limit = env.preflight().maxBackupAge();
    assertThat(backup.age(now))
        .as(
            "newest successful backup %s (%s) completed at %s, %s ago at %s; preflight.max_backup_age is %s: take a fresh backup first",
            backup.id(), backup.source(), backup.completedAt(), backup.age(now), now, limit)
        .isLessThanOrEqualTo(limit);
    ledger.update(
        l ->
            l.withAttestation(
                new Attestation(
                    backup.source(),
                    "Neo4j backup ID: %s (completed %s)"
                        .formatted(backup.id(), backup.completedAt()),
                    now)));
  }

  /**
   * The suite cannot restore a database, and the backups' status and age are the two checks above;
   * so the restore drill stays a person's attestation ({@code attestations.restore_tested}),
   * recorded in the ledger like the T-30 ones.
   */
  @Test
  @Order(13)
  @DisplayName(
      "Backup verification: Restore procedures tested (attested: attestations.restore_tested)")
  void restoreProceduresTested(Environment env, LedgerStore ledger) {
    Optional<String> who = env.attestations().restoreTested().filter(s -> !s.isBlank());
    if (who.isEmpty()) {
      fail(
          "Backup verification: nobody attested a restore drill of these backups for this run; give who ran it and when, e.g."
              + " -Dcutover.attestations.restore_tested=\"carol restored neo4j-full-20250921T0100Z to staging at 13:40Z\" or CUTOVER_ATTESTATIONS_RESTORE_TESTED");
    }
    ledger.update(
        l ->
            l.withAttestation(
                new Attestation(
                    who.get(), "Backup verification: Restore procedures tested", Instant.now())));
  }

  /**
   * Every gate's queries read series this Prometheus has, on every scope it is judged on, with
   * every label they match on (the status label, the track, hops, topic, a histogram's le): so a
   * {@code 0} from {@code or vector(0)} can later only mean "no errors", never "no such label".
   */
  @Test
  @Order(14)
  @DisplayName("Gate queries read production's series")
  void gateQueriesReadProductionSeries(Environment env) {
    MetricContract.Proof proof = MetricContract.proveEveryScope(env, Instant.now());
    evidence.attach("Gate metric contract", "text/plain", proof.describe());
    assertThat(proof.problems()).as(proof.describe()).isEmpty();
  }

  /**
   * Every gate's query, traffic and freshness queries answer for the stable track now: no NO_DATA,
   * STALE, LOW_SAMPLE or ERROR. Gates with {@code max_above_baseline} are judged against the T-30
   * baselines in the ledger, so a baseline that is missing (or of another rate window) stops the
   * release here, before the canary, with the fix.
   */
  @Test
  @Order(15)
  @DisplayName("Gate plumbing: every gate has fresh data on the stable track")
  void gatesHaveFreshData(Environment env, LedgerStore ledger) {
    List<GateEvaluation> evaluations;
    try (GateEvaluator evaluator = GateEvaluator.forEnvironment(env)) {
      evaluations =
          evaluator.evaluateAll(
              Gate.all(env, Scope.STABLE), Instant.now(), Observed.baselines(env, ledger));
    }
    // what each gate saw, with the baseline limit it used, whether or not the line passes
    io.qameta.allure.Allure.addAttachment(
        "Gate plumbing: every gate on the stable track",
        "text/plain",
        String.join("\n", evaluations.stream().map(Observed::describe).toList()),
        ".txt");
    List<String> blind =
        evaluations.stream()
            .filter(e -> e.outcome() != Outcome.PASS && e.outcome() != Outcome.BREACH)
            .map(Observed::describe)
            .toList();
    assertThat(blind)
        .as(
            "gates that cannot judge the stable track; a gate without data can never pass later:%n  %s",
            String.join("%n  ".formatted(), blind))
        .isEmpty();
  }

  /**
   * The rollback could run now: the API server (asked as {@code kubectl auth can-i}) allows every
   * request the rollback plan and the ramp's traffic moves make, the rollback script exists and is
   * executable, and stable has the ready replicas to take all traffic back.
   */
  @Test
  @Order(15)
  @DisplayName(
      "Rollback can execute: traffic back to {cluster.stable_deployment}, {cluster.canary_deployment} scaled to 0")
  void rollbackCanExecute(Environment env, KubernetesClient kubernetes) {
    RollbackReadiness.Report report = RollbackReadiness.of(env, kubernetes).check();
    evidence.attach("Rollback can execute", "text/plain", report.describe());
    assertThat(report.problems()).as(report.describe()).isEmpty();
  }

  /**
   * The public host's DNS answer, attached as evidence with every record seen before any line
   * judges it.
   */
  private static DnsProbe.Resolution dns(Environment env) {
    DnsProbe.Resolution resolution =
        new DnsProbe(env.preflight().dnsResolver(), env.preflight().timeout())
            .resolve(env.endpoints().publicHost());
    evidence.attach("DNS answer", "text/plain", resolution.describe());
    return resolution;
  }

  private static URI tlsEndpoint(Environment env) {
    return env.preflight().tlsEndpoint().orElse(env.endpoints().api());
  }

  private static TlsProbe.TlsReport tls(Environment env) {
    return new TlsProbe(env.preflight().tlsTrust(), env.preflight().timeout(), Clock.systemUTC())
        .inspect(tlsEndpoint(env), env.endpoints().publicHost());
  }

  private static void allReady(
      KubernetesClient kubernetes,
      Environment env,
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind) {
    List<ReadyConditions.Readiness> all =
        new ReadyConditions(kubernetes, env.cluster().namespace()).of(kind);
    List<String> notReady =
        all.stream().filter(r -> !r.isReady()).map(ReadyConditions.Readiness::describe).toList();
    assertThat(notReady)
        .as(
            "%d of %d %s in %s not Ready at %s: %s",
            notReady.size(),
            all.size(),
            kind.getPlural(),
            env.cluster().namespace(),
            Instant.now(),
            notReady)
        .isEmpty();
  }
}
