package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.SandboxResource;
import io.intelgraph.cutover.sandbox.SandboxTest;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code route-5xx} against the sandbox's real Prometheus: one low-volume route of the canary fails
 * while the canary's 5xx ratio over all routes stays under 1 %. The run of show's 5xx gate stays
 * GREEN; the same gate per route ({@code group_by: [route]}) is RED on its second check naming the
 * route, live and in a replay of the same interval.
 */
// all the traffic on the canary and a 30 s window, so the route's one request in fifty of the
// load's 40 per second puts about 24 requests of it into each window (the sandbox's 15 s window at
// 20 % holds fewer than min_traffic): as many as half the traffic in a 1 m window did, and the same
// ratios, since the fault breaks a share of the route's requests whatever the weight; each of the
// two soaks that fill a window waits half as long
@SandboxTest(canaryPercent = 100)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatesPerRouteIT {

  static final Duration WINDOW = Duration.ofSeconds(30);
  static final String BROKEN = "route=\"/api/health\"";

  SandboxResource rig;

  @BeforeAll
  void start(SandboxResource rig) {
    this.rig = rig;
  }

  @Test
  void oneBrokenRouteIsRedNamingTheRouteWhileTheGlobalRatioStaysGreen() {
    Environment env = rig.environment();
    GateSpec global = env.gates().get("error_ratio_5xx");
    Gate total = gate(global);
    Gate perRoute = gate(byRoute(global, env.prometheus().labels().status()));
    List<Gate> both = List.of(total, perRoute);
    Duration settle = WINDOW.plus(env.cadence().scrapeInterval().multipliedBy(3));

    BoundedWait.named("healthy traffic filling the rate window").soak(settle);
    List<GateEvaluation> healthy =
        rig.evaluator().evaluateAll(both, Instant.now(), Baselines.none());
    assertThat(healthy)
        .as("healthy: %s", healthy.stream().map(GateEvaluation::detail).toList())
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.PASS));
    assertThat(healthy.get(1).detail()).as("both routes judged").contains("2 of 2 groups by route");

    rig.sandbox().faults().activate(Fault.ROUTE_5XX);
    BoundedWait.named("route-5xx filling the rate window").soak(settle);
    Instant first = Instant.now();
    List<GateEvaluation> firstCheck = rig.evaluator().evaluateAll(both, first, Baselines.none());
    BoundedWait.named("the next gate check").soak(env.cadence().gateInterval());
    Instant second = Instant.now();
    List<GateEvaluation> secondCheck = rig.evaluator().evaluateAll(both, second, Baselines.none());

    for (List<GateEvaluation> check : List.of(firstCheck, secondCheck)) {
      assertThat(check.get(0).outcome())
          .as("the global 5xx ratio: %s", check.get(0).detail())
          .isEqualTo(Outcome.PASS);
      assertThat(check.get(0).value().getAsDouble()).as("global 5xx ratio").isLessThan(0.01);
      assertThat(check.get(1).outcome())
          .as("per route: %s", check.get(1).detail())
          .isEqualTo(Outcome.BREACH);
      assertThat(check.get(1).detail())
          .contains("breaches in 1 of 2 groups by route", BROKEN)
          .containsPattern(
              "route=\"/api/health\" \\d+(\\.\\d+)? % \\(\\d+(\\.\\d+)? requests\\) > 1 %")
          .doesNotContain("route=\"/graphql\"");
    }
    VerdictRules.Rules rules = VerdictRules.Rules.from(env.cadence());
    GateVerdict perRouteVerdict =
        VerdictRules.decide(List.of(firstCheck.get(1), secondCheck.get(1)), rules, second);
    GateVerdict totalVerdict =
        VerdictRules.decide(List.of(firstCheck.get(0), secondCheck.get(0)), rules, second);
    assertThat(totalVerdict.verdict()).as(totalVerdict.reason()).isEqualTo(Verdict.GREEN);
    assertThat(perRouteVerdict.verdict()).as(perRouteVerdict.reason()).isEqualTo(Verdict.RED);
    assertThat(perRouteVerdict.reason()).isEqualTo("second consecutive failure: RED");

    // replay over the same interval: range queries grouped per route, judged alike (on whole
    // seconds, as the replay command's times are: Prometheus stamps range steps in milliseconds)
    PromQlClient client = PromQlClient.forEnvironment(env);
    Instant from = first.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ReplayReport replay =
        new Replay(client, rules, MetricContract.forEnvironment(env, client))
            .run(
                both,
                from,
                from.plus(env.cadence().gateInterval()),
                env.cadence().gateInterval(),
                Baselines.none());
    assertThat(replay.timeline()).as("replayed checks").hasSize(2);
    ReplayReport.Step last = replay.timeline().get(replay.timeline().size() - 1);
    assertThat(last.gates().get(0).verdict())
        .as("replayed global: %s", last.gates().get(0).latest().detail())
        .isEqualTo(Verdict.GREEN);
    assertThat(last.gates().get(1).verdict())
        .as("replayed per route: %s", last.gates().get(1).latest().detail())
        .isEqualTo(Verdict.RED);
    assertThat(last.gates().get(1).latest().detail()).contains(BROKEN);
    assertThat(replay.summary().firstRedReason())
        .hasValueSatisfying(r -> assertThat(r).contains(perRoute.name()));
  }

  /** The run of show's 5xx gate, per route: the same ratio and traffic by {{group_by}}. */
  private static GateSpec byRoute(GateSpec global, String status) {
    String requests = "http_requests_total{{{selector}}}[{{window}}]";
    return new GateSpec(
        "error_ratio_5xx_by_route",
        global.description() + " per route",
        ("(sum by ({{group_by}}) (rate(http_requests_total{%s=~\"5..\",{{selector}}}[{{window}}]))"
                + " or 0 * sum by ({{group_by}}) (rate(%s)))"
                + " / sum by ({{group_by}}) (rate(%s))")
            .formatted(status, requests, requests),
        global.threshold(),
        Optional.empty(),
        Optional.of("sum by ({{group_by}}) (increase(%s))".formatted(requests)),
        8,
        global.freshnessQuery(),
        global.maxStaleness(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of("route"));
  }

  private Gate gate(GateSpec spec) {
    Environment env = rig.environment();
    return Gate.resolve(
        spec, Scope.CANARY, WINDOW, env.cadence().scrapeInterval(), env.prometheus().selectors());
  }
}
