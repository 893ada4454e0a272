package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.UP_TO_RAMP;
import static io.intelgraph.cutover.scenario.ScenarioRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.cli.CutoverCommand;
import io.intelgraph.cutover.decision.DecisionEvents;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Prometheus stops answering once the ramp reaches 40 %: every Prometheus gate is ERROR, evidence
 * of nothing. With {@code escalation.decide: approval} the second ERROR does not roll back by the
 * clock: the check waits for a signed decision. Decided GO by the platform lead (a thread of this
 * test reads the waiting line in the log and runs the {@code decide} command it names, with the
 * sandbox lead's key), the check is GREEN as decided and the ramp moves on; decided by nobody, it
 * is RED after the decision timeout, says so, and rolls back.
 *
 * <p>Each run waits only for what it proves: the rollback's proof that stable recovered cannot
 * succeed while Prometheus is silent, so the undecided run gives it {@value #RECOVERY_TIMEOUT}
 * instead of the sandbox's 30 s (it proves the RED and its reason, not the recovery); the decided
 * run ramps 40 -> 60 -> 100 %: the decision is proven at 40 % and the ramp moving on to 60 % shows
 * the check continued, where an 80 % step would only wait for the same decision once more.
 */
class InconclusiveDecisionScenarioIT {

  static final String ROLE = "platform-lead";
  static final String RECOVERY_TIMEOUT = "10s";

  static Map<String, String> approval(String timeout) {
    return Map.of(
        "cutover.escalation.decide", "approval",
        "cutover.escalation.decision_timeout", timeout,
        "cutover.escalation.roles", ROLE);
  }

  /** The 40 % step's canary check records, oldest first. */
  static List<GateRecord> at40(Ledger ledger) {
    Instant reached40 =
        ledger.traffic().stream()
            .filter(s -> s.canaryPercent() == 40)
            .map(TrafficStep::at)
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("the ramp never reached 40 %: " + ledger.traffic()));
    Instant reached60 =
        ledger.traffic().stream()
            .filter(s -> s.canaryPercent() == 60)
            .map(TrafficStep::at)
            .findFirst()
            .orElse(Instant.MAX);
    return ledger.gates().stream()
        .filter(
            g ->
                g.phase().equals("ramp") && g.at().isAfter(reached40) && g.at().isBefore(reached60))
        .toList();
  }

  @Test
  void decidedByNobodyTheInconclusiveCheckIsRedAfterTheTimeoutAndRollsBack() {
    Map<String, String> overrides = new HashMap<>(approval("6s"));
    overrides.put("cutover.rollback.recovery_timeout", RECOVERY_TIMEOUT);
    ScenarioRuns.Outcome run = run("decision-nobody", "prometheus-down@40", UP_TO_RAMP, overrides);
    Ledger ledger = run.ledger();

    List<GateRecord> red = at40(ledger).stream().filter(g -> g.verdict() == Verdict.RED).toList();
    assertThat(red)
        .as("RED records of the 40 %% step; failures %s", run.failures())
        .isNotEmpty()
        .allSatisfy(g -> assertThat(g.outcome()).as(g.gate()).isEqualTo(Outcome.ERROR));
    assertThat(DecisionEvents.accepted(ledger)).as("decisions taken").isEmpty();
    RollbackRecord rollback =
        ledger.rollback().orElseThrow(() -> new AssertionError("no rollback; " + run.failures()));
    assertThat(rollback.reason())
        .contains("inconclusive (ERROR)", "nobody decided within the 6s decision timeout: RED");
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).doesNotContain(60);
  }

  @Test
  void decidedGoBySignedDecisionTheCheckContinues() throws Exception {
    PrintStream original = System.out;
    BlockingQueue<String> waiting = new LinkedBlockingQueue<>();
    List<String> decided = Collections.synchronizedList(new ArrayList<>());
    ScenarioRuns.Outcome run;
    try (SharedSandbox shared = SharedSandbox.open()) {
      System.setOut(
          new PrintStream(new WaitingLines(original, waiting), true, StandardCharsets.UTF_8));
      Thread person =
          new Thread(() -> decideEachWaitingCheck(shared, waiting, decided), "platform-lead");
      person.setDaemon(true);
      person.start();
      try {
        Map<String, String> overrides = new HashMap<>(approval("60s"));
        overrides.put("cutover.cadence.ramp_steps", "40,60,100");
        run = run("decision-go", "prometheus-down@40", UP_TO_RAMP, overrides);
      } finally {
        person.interrupt();
        person.join(TimeUnit.SECONDS.toMillis(10));
        System.setOut(original);
      }
    }
    Ledger ledger = run.ledger();

    assertThat(decided).as("decide commands run; failures %s", run.failures()).isNotEmpty();
    assertThat(DecisionEvents.accepted(ledger))
        .as("decisions the waiting checks took")
        .isNotEmpty()
        .allSatisfy(
            taken -> {
              assertThat(taken.event().facts())
                  .containsEntry("decision", "GO")
                  .containsEntry("role", ROLE)
                  .containsEntry("decided_by", "sandbox " + ROLE)
                  .containsEntry("phase", "ramp");
              assertThat(taken.statement()).as("the signed statement").isNotBlank();
            });
    List<GateRecord> step40 = at40(ledger);
    GateRecord last = step40.get(step40.size() - 1);
    assertThat(step40)
        .filteredOn(g -> g.at().equals(last.at()) && g.outcome() == Outcome.ERROR)
        .as("the 40 %% step's decided check: ERROR, streak 2, GREEN as decided GO")
        .isNotEmpty()
        .allSatisfy(
            g -> {
              assertThat(g.verdict()).as(g.gate()).isEqualTo(Verdict.GREEN);
              assertThat(g.streak()).as(g.gate()).isGreaterThanOrEqualTo(2);
            });
    assertThat(ledger.traffic())
        .extracting(TrafficStep::canaryPercent)
        .as("the ramp went on after the decision")
        .contains(60);
  }

  /**
   * A person on the war-room call: reads each "waiting" line, fills in the command it names with
   * the environment and their key, and runs it.
   */
  static void decideEachWaitingCheck(
      SharedSandbox shared, BlockingQueue<String> waiting, List<String> decided) {
    Pattern command =
        Pattern.compile(
            "decide --config ENVIRONMENT\\.yaml (--phase \\S+ --check \\d+ (?:--gate \\S+ ?)+)");
    try {
      while (!Thread.currentThread().isInterrupted()) {
        String line = waiting.take();
        Matcher m = command.matcher(line);
        if (!m.find()) continue;
        Sandbox sandbox = shared.running().orElseThrow();
        List<String> args = new ArrayList<>();
        args.add("decide");
        args.add("--config");
        args.add(environmentFile(sandbox).toString());
        args.addAll(List.of(m.group(1).strip().split(" ")));
        args.addAll(
            List.of(
                "--decision",
                "GO",
                "--role",
                ROLE,
                "--key",
                sandbox.approvers().privateKey(ROLE).toString(),
                "--by",
                "sandbox " + ROLE));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit =
            CutoverCommand.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args.toArray(String[]::new));
        decided.add("exit %d: %s %s".formatted(exit, out, err));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The sandbox environment as a file a person would pass to {@code --config}: {@code sandbox.yaml}
   * with what the running sandbox filled in (endpoints, the leads' public keys).
   */
  static Path environmentFile(Sandbox sandbox) {
    YAMLMapper yaml = YAMLMapper.builder().build();
    try (var in =
        InconclusiveDecisionScenarioIT.class.getResourceAsStream("/environments/sandbox.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = yaml.readValue(in, LinkedHashMap.class);
      sandbox.configOverrides().forEach((key, value) -> put(tree, key.split("\\."), value));
      Path file = ScenarioRuns.ROOT.resolve("decision-go").resolve("sandbox-environment.yaml");
      Files.writeString(file, yaml.writeValueAsString(tree));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, String[] path, String value) {
    Map<String, Object> node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
    }
    node.put(path[path.length - 1], value);
  }

  /** Passes everything through, and hands each line naming a waiting check to the person. */
  static final class WaitingLines extends OutputStream {
    private final PrintStream through;
    private final BlockingQueue<String> waiting;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    WaitingLines(PrintStream through, BlockingQueue<String> waiting) {
      this.through = through;
      this.waiting = waiting;
    }

    @Override
    public synchronized void write(int b) {
      through.write(b);
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.contains("stayed inconclusive") && text.contains("decide with:")) {
          waiting.add(text);
        }
      } else {
        line.write(b);
      }
    }

    @Override
    public void flush() {
      through.flush();
    }
  }
}
