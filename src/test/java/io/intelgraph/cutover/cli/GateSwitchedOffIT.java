package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.BackfilledPrometheus;
import io.intelgraph.cutover.gate.ScenarioData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An environment without blackbox probes, against a real Prometheus: the default {@code
 * database_up} gate reads {@code probe_success}, which is not there, so {@code gates} and {@code
 * replay} can never be GREEN; {@code database_up: {enabled: false}} switches it off, and both
 * commands judge the other gates and say which gate the file switched off. ({@code api_up} reads
 * Prometheus' own {@code up}, which every scrape target has.)
 */
class GateSwitchedOffIT {

  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static BackfilledPrometheus prometheus;

  @TempDir Path directory;

  @BeforeAll
  static void start() {
    prometheus =
        BackfilledPrometheus.start(
            new ScenarioData(
                    START,
                    Duration.ofMinutes(60),
                    Duration.ofSeconds(15),
                    List.of(new ScenarioData.Segment(Duration.ZERO, ScenarioData.Phase.HEALTHY)))
                .withoutBlackboxProbes());
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) prometheus.close();
  }

  static Instant at(long minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  Path config(String name, String gates) throws IOException {
    return Files.writeString(
        directory.resolve(name + ".yaml"),
        "endpoints: {prometheus: '%s'}\nprometheus: {labels: {status: status}}\n%s"
            .formatted(prometheus.url(), gates));
  }

  @Test
  void withoutBlackboxProbesTheDefaultDatabaseGateIsNeverGreen() throws IOException {
    Path config = config("all-gates", "");

    CommandRun gates =
        CommandRun.of("gates", "--config", config.toString(), "--at", at(30).toString());

    assertThat(gates.exit()).as(gates.out() + gates.err()).isPositive();
    assertThat(gates.out().lines().filter(l -> l.startsWith("database_up ")))
        .singleElement()
        .satisfies(line -> assertThat(line).doesNotContain("PASS"));
    assertThat(gates.out()).doesNotContain("SWITCHED OFF");
  }

  @Test
  void databaseUpSwitchedOffGatesAndReplayJudgeTheRestAndNameTheFile() throws IOException {
    Path config = config("no-blackbox", "gates:\n  database_up: {enabled: false}\n");
    String switchedOff =
        "database_up SWITCHED OFF by %s (gates.database_up.enabled: false)".formatted(config);

    CommandRun gates =
        CommandRun.of("gates", "--config", config.toString(), "--at", at(30).toString());
    assertThat(gates.exit()).as(gates.out() + gates.err()).isZero();
    assertThat(gates.out())
        .contains("error_ratio_5xx ", "api_up ", switchedOff)
        .doesNotContainPattern("(?m)^database_up +(PASS|NO_DATA|ERROR|STALE)");

    CommandRun json =
        CommandRun.of(
            "gates", "--config", config.toString(), "--at", at(30).toString(), "--format", "json");
    assertThat(json.out())
        .contains("\"gates_switched_off\" : {")
        .contains("\"database_up\" : \"%s\"".formatted(config));

    CommandRun replay =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            at(15).toString(),
            "--to",
            at(45).toString());
    assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out()).contains("worst verdict: GREEN", switchedOff);
  }

  @Test
  void databaseUpAsAShadowGateIsJudgedAndShownButNeverDecidesGatesOrReplay() throws IOException {
    Path config = config("shadow-database", "gates:\n  database_up: {shadow: true}\n");

    CommandRun gates =
        CommandRun.of("gates", "--config", config.toString(), "--at", at(30).toString());
    assertThat(gates.exit()).as(gates.out() + gates.err()).isZero();
    assertThat(gates.out().lines().filter(l -> l.startsWith("database_up ")))
        .singleElement()
        .asString()
        .doesNotContain(" PASS ")
        .contains("[shadow: not judging the release] ");
    assertThat(gates.out()).contains("; shadow, not judging the release: database_up would be ");

    CommandRun replay =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            at(15).toString(),
            "--to",
            at(45).toString());
    assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out())
        .contains("worst verdict: GREEN; first RED: never")
        .contains(
            "shadow database_up (not judging the release): would have been RED at %s (second consecutive failure: RED, "
                .formatted(at(30)))
        .containsPattern(
            "(?m)^%s  GREEN  database_up=[A-Z_]+\\(-\\)\\[shadow RED\\]$".formatted(at(30)));

    CommandRun json =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            at(15).toString(),
            "--to",
            at(45).toString(),
            "--format",
            "json");
    assertThat(json.out())
        .contains("\"worst_verdict\" : \"GREEN\"")
        .containsPattern(
            "\"shadow\" : \\[ \\{\\s*\"gate\" : \"database_up\",\\s*\"worst_verdict\" : \"RED\",\\s*\"first_red\" : \"%s\""
                .formatted(at(30)));
  }
}
