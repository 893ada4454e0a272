package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The healthy run of show end to end as one execution (one Maven run) against the embedded sandbox,
 * judged by the end state in the ledger, with a gate being tried beside the runbook's: a copy of
 * the API p95 gate at an impossible 1 ms, critical and shadow. It breaches at every check and is
 * RED for itself, yet the cutover is GREEN end to end (no rollback, every phase passed, every gate
 * that judges the release GREEN) and the ledger, the gate check evidence and the sealed bundle show
 * it as shadow. {@link SeparatePhasesIT} holds the same run with the sandbox's gates alone, one
 * execution per phase, to the same expectations.
 *
 * <p>Design note: one run proves both, because a shadow gate must change nothing of a healthy run
 * (that is what it is for) and a healthy run is what shows that; the two used to be two runs of
 * show of the same healthy sandbox, two sandboxes and about two minutes apiece.
 */
class HealthyCutoverIT {

  static final String SCENARIO = "healthy";
  static final String SHADOW = "api_p95_shadow";

  /** The gate, defined by -D flags alone, as a team would try one in CI. */
  static final Map<String, String> SHADOW_GATE =
      Map.of(
          "cutover.gates.%s.description".formatted(SHADOW), "API p95 latency tried at 1 ms",
          "cutover.gates.%s.query".formatted(SHADOW),
              "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{{{selector}}}[{{window}}])))",
          "cutover.gates.%s.threshold".formatted(SHADOW), "<= 1ms",
          "cutover.gates.%s.traffic_query".formatted(SHADOW),
              "sum(increase(http_request_duration_seconds_count{{{selector}}}[{{window}}]))",
          "cutover.gates.%s.min_traffic".formatted(SHADOW), "20",
          "cutover.gates.%s.freshness_query".formatted(SHADOW),
              "sum(count_over_time(http_request_duration_seconds_count{{{selector}}}[{{staleness}}]))",
          "cutover.gates.%s.max_staleness".formatted(SHADOW), "10s",
          "cutover.gates.%s.critical".formatted(SHADOW), "true",
          "cutover.gates.%s.shadow".formatted(SHADOW), "true");

  private static SharedSandbox shared;
  private static Outcome healthy;

  @BeforeAll
  static void runTheHealthyCutoverOnce() {
    shared = SharedSandbox.open();
    healthy = run(SCENARIO, "", RUN_OF_SHOW, SHADOW_GATE);
  }

  @AfterAll
  static void stopTheSandbox() {
    shared.close();
  }

  @Test
  void aHealthyCutoverIsGreenWithoutRollback() {
    assertHealthyCutover(healthy);
  }

  @Test
  void aBreachingShadowGateLeavesTheCutoverGreenAndIsShownAsShadow() {
    assertTheShadowGateBreachedAtEveryCheckForItselfOnly(healthy);

    EngineExecutionResults evidence = execute(SCENARIO, SHADOW_GATE, List.of("T120EvidenceTest"));
    assertThat(evidence.testEvents().failed().stream().map(ScenarioRuns::describe).toList())
        .as("failed evidence lines (the summary's worst verdict must not be the shadow gate's)")
        .isEmpty();
    assertTheBundleShowsTheShadowGate(SCENARIO, ledger(SCENARIO));
  }

  private static void assertTheShadowGateBreachedAtEveryCheckForItselfOnly(Outcome run) {
    Ledger ledger = run.ledger();
    List<GateRecord> shadow = ledger.gates().stream().filter(g -> g.gate().equals(SHADOW)).toList();
    assertThat(shadow)
        .as("the shadow gate is evaluated and recorded at every check, marked shadow")
        .hasSizeGreaterThanOrEqualTo(ledger.checks("gate").size())
        .allSatisfy(
            g -> {
              assertThat(g.shadow()).as("%s at %s", g.gate(), g.at()).isTrue();
              assertThat(g.outcome())
                  .as("%s at %s", g.gate(), g.at())
                  .isEqualTo(io.intelgraph.cutover.gate.Outcome.BREACH);
              assertThat(g.threshold()).isEqualTo("<= 1 ms");
            });
    assertThat(shadow)
        .as("its own verdict: RED (critical, and consecutive breaches)")
        .extracting(GateRecord::verdict)
        .containsOnly(Verdict.RED);
    assertThat(shadow.get(shadow.size() - 1).streak()).isEqualTo(shadow.size());

    assertThat(latestVerdicts(ledger))
        .as("latest verdict of every gate that judges the release")
        .doesNotContainKey(SHADOW)
        .containsKeys("api_p95", "error_ratio_5xx")
        .allSatisfy((gate, verdict) -> assertThat(verdict).as(gate).isEqualTo(Verdict.GREEN));
  }

  private static void assertTheBundleShowsTheShadowGate(String scenario, Ledger ledger) {
    assertThat(ledger.latestResults("evidence"))
        .singleElement()
        .satisfies(p -> assertThat(p.status()).isEqualTo(PhaseResult.Status.PASSED));
    Path bundle = ROOT.resolve(scenario).resolve("cutover-evidence-" + RELEASE + ".zip");
    Map<String, String> texts = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        if (entry.isDirectory()) continue;
        texts.put(
            entry.getName(),
            new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundle " + bundle, e);
    }
    String summary = only(texts, "cutover_summary", bundle);
    assertThat(summary)
        .as("cutover_summary.json: the shadow gate has its own line, the attempt stays GREEN")
        .contains("\"worst_verdict\" : \"GREEN\"")
        .containsPattern(
            "\"gate\" : \""
                + SHADOW
                + "\\[canary\\]\"[^}]*\"last_verdict\" : \"RED\",\\s*\"shadow\" : true");
    assertThat(only(texts, "ledger", bundle))
        .as("the sealed ledger's records: the only RED ones are the shadow gate's, marked shadow")
        .containsPattern(
            "\"verdict\" : \"RED\",\\s*\"streak\" : \\d+,\\s*\"at\" : \"[^\"]+\","
                + "\\s*\"phase\" : \"gate\",\\s*\"shadow\" : true")
        .doesNotContainPattern(
            "\"verdict\" : \"RED\",\\s*\"streak\" : \\d+,\\s*\"at\" : \"[^\"]+\","
                + "\\s*\"phase\" : \"[a-z]+\",\\s*\"shadow\" : false");
    assertThat(texts.entrySet())
        .as("a gate check's evidence in the bundle names the gate as shadow")
        .anySatisfy(
            e ->
                assertThat(e.getValue())
                    .contains("| " + SHADOW + " (shadow) | ", "shadow, not judging the release: "));
  }

  /** The text of the one evidence file whose name contains {@code part}. */
  private static String only(Map<String, String> texts, String part, Path bundle) {
    List<String> found =
        texts.keySet().stream()
            .filter(name -> name.startsWith("evidence/") && name.contains(part))
            .toList();
    assertThat(found)
        .as("evidence files named *%s* in %s: %s", part, bundle, texts.keySet())
        .hasSize(1);
    return texts.get(found.get(0));
  }
}
