package io.intelgraph.cutover.runbook.evidence;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.AllureRedaction;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.runbook.WarRoomPost;
import io.intelgraph.cutover.runbook.gates.GateCheckLines;
import io.intelgraph.cutover.runbook.gates.GateSchedule;
import io.intelgraph.cutover.runmetrics.RunMetricsPublisher;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * T+120, the evidence of the cutover: the SLOs over the whole window as a report and a chart, the
 * cluster as it stands, the summary counted from the ledger, and the signed bundle that seals the
 * evidence and the Allure results written so far. A failed line does not stop the bundle: the
 * evidence of a failed cutover is sealed as well. One collection per phase run: its lines write
 * into the phase's evidence directory, and the bundle line hands its bundle to the next.
 *
 * <p>The bundle seals the gate checks' decisions, so the phase waits for the last gate check of a
 * locked attempt ({@link #refusal}); with {@code evidence.allow_partial: true} it seals anyway, and
 * the bundle says it is PARTIAL: {@code bundle_status.json} in the sealed evidence, and every line
 * of the phase carries the reason. The bundle also seals the attempt's metrics ({@code
 * cutover_metrics.txt}, OpenMetrics), the same facts the Pushgateway is given.
 *
 * <pre>{@code
 * EvidenceCollection t120 = EvidenceCollection.open(context);
 * assertThat(t120.sloComplianceReport().run(context)).passed();
 * }</pre>
 */
public final class EvidenceCollection {

  /** The attempt's metrics in the bundle, as {@code cutover_metrics.txt}. */
  static final String METRICS_FILE = "cutover_metrics";

  private final EvidenceWriter evidence;
  private final SealedBundle bundle;
  private final Optional<String> partial;

  EvidenceCollection(EvidenceWriter evidence, SealedBundle bundle, Optional<String> partial) {
    this.evidence = evidence;
    this.bundle = bundle;
    this.partial = partial;
  }

  /**
   * Why the T+120 phase may not run now, with the time to wait and the way out; empty when every
   * gate check of the attempt is recorded (or it never locked, or it was rolled back), or when
   * {@code evidence.allow_partial} lets it seal a PARTIAL bundle.
   */
  public static Optional<String> refusal(Environment env, Ledger ledger, Instant now) {
    if (env.evidence().allowPartial()) return Optional.empty();
    return outstanding(env, ledger, now)
        .map(
            why ->
                ("refused: the T+120 evidence seals the gate checks' decisions, so it waits for"
                        + " the last one: %s. Run the gate phase until it has decided (mvn verify"
                        + " -Pcutover -Dcutover.env=%s -Dgroups=gate), then this one; or seal a"
                        + " bundle marked PARTIAL with -Dcutover.evidence.allow_partial=true")
                    .formatted(why, env.name()));
  }

  private static Optional<String> outstanding(Environment env, Ledger ledger, Instant now) {
    return new GateSchedule(new CheckCadence(env.cadence())).outstanding(ledger, now);
  }

  /** Whether this run seals a PARTIAL bundle, and why. */
  public Optional<String> partial() {
    return partial;
  }

  /**
   * The collection of this run: evidence under the release's {@code evidence} phase, the bundle
   * beside the evidence root. Earlier bundles are removed first, so if sealing fails no bundle of
   * another attempt is left for CI to upload as this one's.
   */
  public static EvidenceCollection open(LineContext context) {
    Environment env = context.environment();
    Path bundleDirectory = env.evidence().directory().toAbsolutePath().getParent();
    List<Path> removed = EvidenceBundle.removeEarlierBundles(bundleDirectory);
    if (!removed.isEmpty()) {
      System.out.printf(
          "removed earlier evidence bundles before sealing attempt %s: %s%n",
          context.ledger().read().attemptId(), removed);
    }
    EvidenceWriter evidence =
        EvidenceWriter.forPhase(
            env.evidence().directory(),
            env.release().tag(),
            "evidence",
            new Redactor(SecretRegistry.run()));
    return open(
        context,
        evidence,
        new SealedBundle(
            evidence, bundleDirectory, AllureRedaction.resultsDirectory(), System.out::println));
  }

  /** The collection over this writer and bundle, PARTIAL when a gate check is still due. */
  static EvidenceCollection open(
      LineContext context, EvidenceWriter evidence, SealedBundle bundle) {
    Optional<String> partial =
        outstanding(context.environment(), context.ledger().read(), context.now());
    if (partial.isPresent()) {
      System.out.printf(
          "%n*** T+120 EVIDENCE IS PARTIAL (evidence.allow_partial) ***%n%s%n%n", partial.get());
    }
    return new EvidenceCollection(evidence, bundle, partial);
  }

  /**
   * {@code bundle_status.json}, sealed with the evidence so the signed manifest says whether the
   * bundle is COMPLETE or PARTIAL (and which gate checks were still due).
   */
  private void writeStatus(LineContext context) {
    Ledger ledger = context.ledger().read();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", partial.isPresent() ? "PARTIAL" : "COMPLETE");
    status.put("attempt", ledger.attemptId());
    status.put("at", context.now().toString());
    status.put("gate_checks_recorded", ledger.checks(GateCheckLines.PHASE).size());
    status.put("gate_checks_planned", context.environment().cadence().gateChecks());
    status.put(
        "reason",
        partial
            .map(why -> "sealed before the last gate check (evidence.allow_partial): " + why)
            .orElse("no gate check of the attempt was still due when the bundle was sealed"));
    // an earlier run's status (another attempt, or this one before its last check) is not this
    // bundle's
    removeEarlier("bundle_status");
    evidence.attach(
        "bundle_status", "application/json", JsonMappers.JSON.writeValueAsString(status));
  }

  /**
   * {@code cutover_metrics.txt}: the attempt's metrics as OpenMetrics text, as the ledger holds
   * them when the bundle is sealed (what the Pushgateway was last given, and the facts since); the
   * returned evidence says whether and how they were pushed, or that no Pushgateway is configured.
   */
  private LineReport.Evidence writeMetrics(LineContext context) {
    Ledger ledger = context.ledger().read();
    RunMetricsPublisher metrics =
        RunMetricsPublisher.forEnvironment(
            context.environment(),
            context.ledger(),
            context.clock(),
            new Redactor(SecretRegistry.run())::redact);
    removeEarlier(METRICS_FILE);
    evidence.attach(METRICS_FILE, "text/plain", metrics.render(ledger).openMetrics());
    return new LineReport.Evidence(
        "run metrics",
        "%s.txt (OpenMetrics); %s".formatted(METRICS_FILE, metrics.describePushes(ledger)));
  }

  /**
   * Removes the files of an earlier run whose names start with {@code prefix}: the writer never
   * overwrites, and another attempt's (or this one's before its last check) are not this bundle's.
   */
  private void removeEarlier(String prefix) {
    try (Stream<Path> earlier = Files.list(evidence.directory())) {
      for (Path file :
          earlier.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        Files.delete(file);
      }
    } catch (NoSuchFileException ignored) {
      // nothing written yet: no earlier file to remove
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove an earlier %s from %s (%s); check its permissions"
              .formatted(prefix, evidence.directory(), e.getMessage()),
          e);
    }
  }

  public RunbookLine sloComplianceReport() {
    return noted(new SloComplianceReport(evidence));
  }

  public RunbookLine deploymentStatus() {
    return noted(new ClusterStatus(evidence));
  }

  public RunbookLine performanceSummary() {
    return noted(new PerformanceSummary(evidence));
  }

  public RunbookLine evidenceBundle() {
    RunbookLine seal = bundle.evidenceBundle();
    return noted(
        context -> {
          writeStatus(context);
          LineReport.Evidence metrics = writeMetrics(context);
          LineReport sealed = seal.run(context);
          List<LineReport.Evidence> evidence = new ArrayList<>(sealed.evidence());
          evidence.add(metrics);
          return new LineReport(sealed.status(), sealed.problems(), evidence, sealed.observedAt());
        });
  }

  public RunbookLine releaseArtifactsAttached() {
    return noted(bundle.releaseArtifactsAttached());
  }

  /** "War room summary: T+120 verdict and figures posted to the war room". */
  public RunbookLine warRoomSummary() {
    return noted(new WarRoomPost("T+120 evidence"));
  }

  /** The line, saying first that this bundle is PARTIAL and why, when it is. */
  private RunbookLine noted(RunbookLine line) {
    if (partial.isEmpty()) return line;
    LineReport.Evidence note =
        new LineReport.Evidence(
            "PARTIAL bundle",
            "sealed before the last gate check (evidence.allow_partial): " + partial.get());
    return context -> {
      LineReport report = line.run(context);
      List<LineReport.Evidence> evidence = new ArrayList<>(report.evidence());
      evidence.add(0, note);
      return new LineReport(report.status(), report.problems(), evidence, report.observedAt());
    };
  }
}
