package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.junit.BaselinePhase;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.baseline.DeploymentFreeze;
import io.qameta.allure.Allure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * T-30 of the run of show: the deployment freeze, the people (war room, on-call, emergency
 * contacts) and the baseline snapshot. Each baseline is measured on the stable track by the gate of
 * the same name, so later gates with {@code max_above_baseline} compare against exactly this query;
 * it is stored in the ledger in the gate's base unit and compared with the runbook target. No data,
 * stale data, too little traffic or an error is never a baseline: the check fails with the evidence
 * (the runbook's script would have written "0"). Each baseline is recorded with its rate window and
 * time; every later gate evaluation reads it from the ledger (so it works across Maven runs) and
 * judges {@code max_above_baseline} against it. Here the relative limit is not applied: the value
 * being measured is the baseline, so it is judged on its absolute threshold only.
 */
@BaselinePhase
@DisplayName("T-30: Deployment freeze, team assembly and baselines")
class T30BaselineTest {

  /** The gates the runbook's own T-30 lines measure. */
  private static final List<String> RUNBOOK_BASELINES =
      List.of("api_p95", "api_p99", "graph_3hop_p95", "kafka_lag", "auth_error_ratio");

  @Test
  @Order(1)
  @DisplayName("Deployment freeze confirmed: All non-essential deploys halted")
  void deploymentFreezeConfirmed(LineContext context) {
    assertThat(DeploymentFreeze.fromProcessEnvironment().run(context)).passed();
  }

  @Test
  @Order(2)
  @DisplayName("War room active: Key stakeholders in #maestro-go-live-war-room")
  void warRoomActive(Environment env, LedgerStore ledger) {
    attest(env, ledger, "war_room", a -> a.warRoom(), "War room active");
  }

  @Test
  @Order(3)
  @DisplayName("On-call rotation verified: Primary SRE + Platform backup confirmed")
  void onCallRotationVerified(Environment env, LedgerStore ledger) {
    attest(env, ledger, "on_call", a -> a.onCall(), "On-call rotation verified");
  }

  @Test
  @Order(4)
  @DisplayName("Emergency contacts tested: PagerDuty escalation paths validated")
  void emergencyContactsTested(Environment env, LedgerStore ledger) {
    attest(
        env, ledger, "emergency_contacts", a -> a.emergencyContacts(), "Emergency contacts tested");
  }

  @Test
  @Order(5)
  @DisplayName("API P95 (Target: ≤ 350ms)")
  void apiP95(Environment env, LedgerStore ledger) {
    baseline(env, ledger, "api_p95");
  }

  @Test
  @Order(6)
  @DisplayName("API P99 (Target: ≤ 700ms)")
  void apiP99(Environment env, LedgerStore ledger) {
    baseline(env, ledger, "api_p99");
  }

  @Test
  @Order(7)
  @DisplayName("3-hop Graph P95 (Target: ≤ 1,200ms)")
  void graph3HopP95(Environment env, LedgerStore ledger) {
    baseline(env, ledger, "graph_3hop_p95");
  }

  @Test
  @Order(8)
  @DisplayName("Kafka Consumer Lag (Target: < 1,000)")
  void kafkaConsumerLag(Environment env, LedgerStore ledger) {
    baseline(env, ledger, "kafka_lag");
  }

  @Test
  @Order(9)
  @DisplayName("Auth Error Rate (Target: < 0.5%)")
  void authErrorRate(Environment env, LedgerStore ledger) {
    baseline(env, ledger, "auth_error_ratio");
  }

  /** Kubecost's allocation of the cutover namespace over the last hour, in dollars per hour. */
  @Test
  @Order(10)
  @DisplayName("Cost Rate (Target: ≤ $25/hour)")
  void costRate(Environment env, LedgerStore ledger) {
    CostProbe.CostRate rate =
        new CostProbe(env.endpoints().cost(), env.preflight().timeout())
            .rate(env.cluster().namespace());
    double limit = env.preflight().costMaxPerHour();
    ledger.update(
        l ->
            l.withBaseline(
                new Baseline("cost_rate", rate.dollarsPerHour(), "$/h", rate.query(), rate.end())));
    assertThat(rate.dollarsPerHour())
        .as("cost rate %s is above preflight.cost_max_per_hour $%s/h", rate, limit)
        .isLessThanOrEqualTo(limit);
  }

  private static void attest(
      Environment env,
      LedgerStore ledger,
      String key,
      Function<io.intelgraph.cutover.config.Attestations, Optional<String>> field,
      String line) {
    Optional<String> who = field.apply(env.attestations()).filter(s -> !s.isBlank());
    if (who.isEmpty()) {
      fail(
          "%s: nobody attested it for this run; give who confirmed it and how, e.g. -Dcutover.attestations.%s=\"alice (primary SRE), bob (platform backup)\" or CUTOVER_ATTESTATIONS_%s"
              .formatted(line, key, key.toUpperCase(java.util.Locale.ROOT)));
    }
    ledger.update(l -> l.withAttestation(new Attestation(who.get(), line, Instant.now())));
  }

  /**
   * A gate judged against its baseline later ({@code max_above_baseline}) needs one from this
   * phase: the runbook's lines above measure theirs, any other such gate is measured here. The line
   * then reads the ledger back as later phases will and fails naming each gate without a usable
   * baseline.
   */
  @Test
  @Order(11)
  @DisplayName("Baselines recorded for every gate judged against its baseline (max_above_baseline)")
  void everyGateWithARelativeLimitHasABaseline(Environment env, LedgerStore ledger) {
    List<String> relative =
        env.gates().values().stream()
            .filter(g -> g.maxAboveBaseline().isPresent())
            .map(GateSpec::name)
            .toList();
    // with none, the line still holds (and says so): a skip here would leave the phase short of
    // PASSED, which the canary needs
    List<String> unmeasured = new ArrayList<>();
    for (String gate : relative) {
      if (!RUNBOOK_BASELINES.contains(gate)) {
        GateEvaluation e = measure(env, ledger, gate);
        if (!recordable(e)) unmeasured.add(Observed.describe(e));
      }
    }
    Baselines recorded = Observed.baselines(env, ledger);
    List<String> missing =
        relative.stream()
            .filter(g -> recorded.measured(g).isEmpty())
            .map(g -> g + ": " + recorded.whyMissing(g))
            .toList();
    System.out.printf(
        "[cutover] baselines for max_above_baseline gates %s: %s%n",
        relative,
        relative.isEmpty()
            ? "no gate sets max_above_baseline, nothing later is judged against a baseline"
            : missing.isEmpty() ? "all recorded" : missing);
    assertThat(missing)
        .as(
            "gates with max_above_baseline and no usable T-30 baseline in ledger %s; every later check of them would be ERROR."
                + " Measurements that could not be a baseline: %s",
            ledger.location(), unmeasured)
        .isEmpty();
  }

  private static void baseline(Environment env, LedgerStore ledger, String gate) {
    GateEvaluation e = measure(env, ledger, gate);
    if (!recordable(e)) {
      fail(
          "no %s baseline: %s; a missing measurement is never a baseline (the runbook's script would record 0)"
              .formatted(gate, Observed.describe(e)));
    }
    assertThat(e.outcome())
        .as("%s baseline misses its target: %s", gate, Observed.describe(e))
        .isEqualTo(Outcome.PASS);
  }

  /**
   * Measures {@code gate} on the stable track and records it in the ledger with the rate window it
   * was measured over. The gate's own relative limit is not applied: the value being measured is
   * the baseline, so only the absolute threshold judges it, and the line's attachment says so.
   */
  private static GateEvaluation measure(Environment env, LedgerStore ledger, String gate) {
    GateEvaluation e = Observed.gate(env, gate, Scope.STABLE, Baselines.takingBaseline());
    if (recordable(e)) {
      Baseline baseline =
          new Baseline(
              gate,
              e.value().orElseThrow(),
              Observed.unitName(e.unit()),
              e.query(),
              e.evaluatedAt(),
              Optional.of(env.cadence().rateWindow()));
      ledger.update(l -> l.withBaseline(baseline));
      String later =
          env.gates()
              .get(gate)
              .maxAboveBaseline()
              .map(
                  ratio ->
                      "later checks also judge %s against <= %s (this baseline + %s, max_above_baseline)"
                          .formatted(
                              gate,
                              e.unit().format(baseline.value() * (1 + ratio)),
                              Unit.RATIO.format(ratio)))
              .orElse(
                  "%s has no max_above_baseline: later checks judge its threshold %s only"
                      .formatted(gate, e.threshold()));
      String text =
          "%s baseline %s on the stable track over a %s rate window at %s, recorded in ledger %s; %s.%n%s"
              .formatted(
                  gate,
                  e.unit().format(baseline.value()),
                  window(env),
                  e.evaluatedAt(),
                  ledger.location(),
                  later,
                  Observed.describe(e));
      System.out.println("[cutover] " + text.lines().findFirst().orElse(text));
      Allure.addAttachment("Baseline " + gate, "text/plain", text, ".txt");
    }
    return e;
  }

  /** The rate window as PromQL writes it: 5m, 15s. */
  private static String window(Environment env) {
    return env.cadence().rateWindow().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  /** No data, stale data, too little traffic or an error is never a baseline. */
  private static boolean recordable(GateEvaluation e) {
    return e.outcome() == Outcome.PASS || e.outcome() == Outcome.BREACH;
  }
}
