package io.intelgraph.cutover.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The T-15 system validation: DNS, TLS and security headers of the public endpoint, the OPA policy
 * engine, backup markers and the deployment freeze.
 *
 * @param dnsResolver {@code host:port} of the resolver to ask; absent means the system's resolvers
 * @param tlsEndpoint the HTTPS endpoint whose certificate and headers are checked; absent means
 *     {@code endpoints.api}
 * @param tlsTrust a PEM bundle of extra trusted certificates (a private CA); absent means the JDK's
 *     trust store
 * @param opaDecisionPath the policy decision to time, relative to {@code endpoints.opa}
 * @param costMaxPerHour the T-30 cost rate target in dollars per hour, compared with Kubecost's
 *     allocation of {@code cluster.namespace} over the last hour (the runbook's "<= $25/hour")
 * @param maxBackupAge the newest successful backup ({@code backups.source}) must be younger than
 *     this
 * @param restoreDrillMaxAge T-15 "Restore procedures tested" passes on a restore drill recorded in
 *     the ledger (this attempt or an archived earlier one of the release) no older than this
 * @param maxRestorePointLag the PostgreSQL point-in-time restore point (the last archived WAL
 *     segment, {@code backups.wal_archive_age_query}) must be at most this far behind now
 * @param opaExpectedRevision the policy bundle revision this release must run with, e.g. the policy
 *     repository's git sha
 * @param opaExpectedRevisionFrom where the release declares that revision instead: an annotation of
 *     a Deployment or ConfigMap
 * @param opaBundle the bundle (OPA's {@code bundles.<name>} key) whose revision is compared; absent
 *     means OPA must report exactly one
 * @param opaGate the policy engine judged as a gate at every ramp step and gate check, after T-15
 *     ({@link OpaGate})
 */
public record Preflight(
    Optional<String> dnsResolver,
    Duration maxDnsTtl,
    Optional<URI> tlsEndpoint,
    Optional<Path> tlsTrust,
    Duration minCertificateValidity,
    String opaDecisionPath,
    int opaSamples,
    Duration opaMaxP95,
    Duration timeout,
    Freeze freeze,
    double costMaxPerHour,
    Duration maxBackupAge,
    Duration maxRestorePointLag,
    Duration restoreDrillMaxAge,
    Optional<String> opaExpectedRevision,
    Optional<RevisionSource> opaExpectedRevisionFrom,
    Optional<String> opaBundle,
    OpaGate opaGate) {

  public Preflight {
    dnsResolver.ifPresent(
        r -> {
          if (!r.matches("[^:\\s]+:\\d{1,5}"))
            throw new IllegalArgumentException("dns_resolver must be host:port, got '" + r + "'");
        });
    if (opaSamples < 1)
      throw new IllegalArgumentException("opa_samples must be at least 1, got " + opaSamples);
    if (!(costMaxPerHour > 0) || Double.isInfinite(costMaxPerHour)) {
      throw new IllegalArgumentException(
          "cost_max_per_hour must be a positive number of dollars per hour, e.g. 25, got "
              + costMaxPerHour);
    }
    if (maxBackupAge.isZero() || maxBackupAge.isNegative()) {
      throw new IllegalArgumentException(
          "max_backup_age must be positive, e.g. 24h, got " + maxBackupAge);
    }
    if (maxRestorePointLag.isZero() || maxRestorePointLag.isNegative()) {
      throw new IllegalArgumentException(
          "max_restore_point_lag must be positive, e.g. 15m, got " + maxRestorePointLag);
    }
    if (restoreDrillMaxAge.isZero() || restoreDrillMaxAge.isNegative()) {
      throw new IllegalArgumentException(
          "restore_drill_max_age must be positive, e.g. 30d, got " + restoreDrillMaxAge);
    }
    if (opaExpectedRevision.isPresent() && opaExpectedRevisionFrom.isPresent()) {
      throw new IllegalArgumentException(
          "name the expected OPA bundle revision once: opa_expected_revision or opa_expected_revision_from, not both");
    }
    if (opaExpectedRevision.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException(
          "opa_expected_revision is blank; give the policy bundle's revision, e.g. its git sha, or remove the key");
    }
    if (opaBundle.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException(
          "opa_bundle is blank; give the bundle's name as in OPA's `bundles:` configuration, or remove the key");
    }
  }

  /**
   * The runbook's RED trigger "OPA failure" as a gate, evaluated with every ramp step's and gate
   * check's Prometheus gates and recorded like them under the gate name {@code policy_engine}: a
   * sample of {@code samples} decisions at {@code opa_decision_path} must be answered (HTTP 200
   * with a result) with a failed share within {@code threshold}, the bundles activated and the
   * bundle revision the one the T-15 line confirmed ({@code opa_expected_revision[_from]}).
   *
   * <pre>
   * preflight:
   *   opa_gate: {enabled: true, samples: 20, threshold: "&lt;= 5%", critical: true}
   * </pre>
   *
   * @param enabled false leaves the policy engine unjudged after T-15; the run-of-show lines that
   *     read it then skip, saying so
   * @param critical a single BREACH is RED at once (the runbook's "OPA failure"); an inconclusive
   *     outcome follows the two-consecutive rule
   */
  public record OpaGate(boolean enabled, int samples, Threshold threshold, boolean critical) {
    public OpaGate {
      if (samples < 1)
        throw new IllegalArgumentException(
            "opa_gate.samples must be at least 1, e.g. 20, got " + samples);
      if (threshold.unit() != Unit.RATIO) {
        throw new IllegalArgumentException(
            "opa_gate.threshold bounds the share of failed decisions; write it as a ratio, e.g. \"<= 5%%\", got '%s'"
                .formatted(threshold));
      }
    }
  }

  /**
   * Where a release declares the OPA bundle revision it must run with: the annotation {@code
   * annotation} of the {@code kind} ({@code Deployment} or {@code ConfigMap}) {@code name} in
   * {@code namespace} (absent means {@code cluster.namespace}), e.g. the one the deploy pipeline
   * stamps on the OPA deployment.
   */
  public record RevisionSource(
      Optional<String> namespace, String kind, String name, String annotation) {
    /** The kinds whose annotations can hold the revision. */
    public static final java.util.List<String> KINDS = java.util.List.of("Deployment", "ConfigMap");

    public RevisionSource {
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException(
            "opa_expected_revision_from.kind is '%s'; expected one of %s".formatted(kind, KINDS));
      }
      if (name.isBlank())
        throw new IllegalArgumentException(
            "opa_expected_revision_from.name is blank; give the object's name");
      if (annotation.isBlank()) {
        throw new IllegalArgumentException(
            "opa_expected_revision_from.annotation is blank; give the annotation key, e.g. policy.example.com/bundle-revision");
      }
    }
  }

  /**
   * Where the deployment freeze is declared: a key of a ConfigMap in the cutover namespace ({@code
   * config_map} + {@code key}) or a CI variable ({@code ci_variable}); "true" means frozen.
   */
  public record Freeze(
      Optional<String> configMap, Optional<String> key, Optional<String> ciVariable) {
    public Freeze {
      if (configMap.isPresent() == ciVariable.isPresent()) {
        throw new IllegalArgumentException(
            "name exactly one of config_map (with key) or ci_variable; the built-in default is"
                + " config_map: deploy-freeze, so a ci_variable needs `config_map: null` beside it");
      }
      if (configMap.isPresent() && key.isEmpty())
        throw new IllegalArgumentException("config_map needs a key, e.g. key: frozen");
    }
  }
}
