package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.preflight.PolicyEngineGate;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One runbook line of a phase that judges gates: the ramp's steps ("Canary gates at 40%", "SLO
 * validation at 40%: API p95 <= 350 ms") and the T+15 / T+30 / T+60 gate checks ("T+15: API P95 (<=
 * 350 ms)", "T+15 verdict"). Both phases run a stream of these, one invocation per line, in the
 * runbook's order: the line that checks stores its {@link GateReport} in the phase's {@link
 * DecidedChecks}, the lines after it judge the gates they name in that report, and the verdict line
 * reports GREEN, YELLOW or RED. A line that is not about gates (traffic, goldens) joins the stream
 * through {@link #of(String, RunbookLine)}.
 *
 * <pre>{@code
 * DecidedChecks decided = new DecidedChecks();
 * Stream.of(GateCheckLine.decide("Canary gates at 40%", decided, 40, Scope.CANARY, "canary at 40 %", soak),
 *           GateCheckLine.gatesGreen("SLO validation at 40%: API p95 <= 350 ms", decided, 40, "api_p95"));
 * // a run-of-show method: assertThat(GateChecks.enforce(line.run(context, checks))).passed();
 * }</pre>
 *
 * <p>The verdict is the line's to report, not to enforce: {@link GateLineReport#signal()} says RED
 * or YELLOW and the JUnit layer rolls back or fails the check, so RED stays one path (rollback
 * exactly once per attempt) whatever line found it.
 */
public final class GateCheckLine {

  /** What a line does with the run's context and the phase's gate checks. */
  @FunctionalInterface
  public interface Check {
    GateLineReport run(LineContext context, PhaseGateChecks checks);
  }

  private final String name;
  private final Check check;

  public GateCheckLine(String name, Check check) {
    this.name = Objects.requireNonNull(name, "name");
    this.check = Objects.requireNonNull(check, "check");
  }

  /** A line that needs no gate check (traffic, goldens), in a gate-check stream. */
  public static GateCheckLine of(String name, RunbookLine line) {
    return new GateCheckLine(name, (context, checks) -> GateLineReport.of(line.run(context)));
  }

  /**
   * Soaks for {@code soak} (nothing when zero), then checks {@code scope} until decided and stores
   * the report under {@code step}: GREEN passes, a YELLOW that never settled is YELLOW, RED is RED.
   */
  public static GateCheckLine decide(
      String name, DecidedChecks decided, int step, Scope scope, String where, Duration soak) {
    return new GateCheckLine(
        name,
        (context, checks) -> {
          if (!soak.isZero()) {
            checks.awaitNextCheck(
                context.now().plus(soak),
                "soak for %d s before judging %s".formatted(soak.toSeconds(), where));
          }
          GateReport report = checks.decide(scope, where);
          decided.put(step, report);
          return verdict(context.report(), report);
        });
  }

  /**
   * Each of {@code gates} is GREEN in the check stored under {@code step}; a gate the check did not
   * have, or a check that did not run in this process, is never GREEN. A shadow gate is not judged:
   * what it saw goes into the evidence, and a line of shadow gates only is skipped saying so.
   */
  public static GateCheckLine gatesGreen(
      String name, DecidedChecks decided, int step, String... gates) {
    List<String> named = List.of(gates);
    return new GateCheckLine(
        name,
        (context, checks) -> {
          LineReport.Builder report = context.report();
          Optional<GateReport> check = decided.get(step);
          if (check.isEmpty()) return GateLineReport.of(notChecked(report, name).judged());
          report.evidence("gate check", check.get().summary());
          List<String> switchedOff =
              named.stream().filter(context.environment().gatesSwitchedOff()::containsKey).toList();
          if (!switchedOff.isEmpty()) {
            // the environment's decision, shown as a skip with its source: never a pass
            report.notConfigured(
                String.join(
                    "; ", switchedOff.stream().map(context.environment()::whyNoGate).toList()));
            return GateLineReport.skip(report.judged());
          }
          List<String> shadow =
              named.stream()
                  .filter(
                      gate ->
                          context.environment().gates().containsKey(gate)
                              && context.environment().gates().get(gate).shadow())
                  .toList();
          // a shadow gate is evaluated and recorded like any gate but trusted by nothing: what it
          // saw is shown, never a pass or a failure; a line of shadow gates only is a skip
          String environment = context.environment().name();
          if (!shadow.isEmpty() && shadow.size() == named.size()) {
            report.notConfigured(
                String.join(
                    "; ",
                    shadow.stream()
                        .map(gate -> shadowSeen(gate, check.get(), environment))
                        .toList()));
            return GateLineReport.skip(report.judged());
          }
          shadow.forEach(
              gate ->
                  report.evidence(
                      "shadow gate " + gate, shadowSeen(gate, check.get(), environment)));
          for (String gate : named.stream().filter(gate -> !shadow.contains(gate)).toList()) {
            Optional<GateVerdict> verdict =
                check.get().verdicts().stream().filter(v -> v.gate().equals(gate)).findFirst();
            if (verdict.isEmpty()) {
              report.problem(
                  "gate %s is not part of %s check #%d (it has %s); a line without its gate is"
                      + " never GREEN: define gates.%s",
                  gate,
                  check.get().phase(),
                  check.get().number(),
                  check.get().verdicts().stream().map(GateVerdict::gate).toList(),
                  gate);
            } else if (verdict.get().verdict() != Verdict.GREEN) {
              report.problem(
                  "gate %s is %s: %s", gate, verdict.get().verdict(), verdict.get().describe());
            }
          }
          return GateLineReport.of(report.judged());
        });
  }

  /**
   * The runbook's RED "Security/policy regression: OPA failure" as the check stored under {@code
   * step} saw it; with {@code preflight.opa_gate.enabled: false} the line is skipped, saying so: a
   * decision of the environment, not a pass.
   */
  public static GateCheckLine policyEngine(String name, DecidedChecks decided, int step) {
    GateCheckLine green = gatesGreen(name, decided, step, PolicyEngineGate.NAME);
    return new GateCheckLine(
        name,
        (context, checks) -> {
          Environment environment = context.environment();
          if (environment.preflight().opaGate().enabled()) return green.run(context, checks);
          return GateLineReport.skip(
              context
                  .report()
                  .notConfigured(
                      ("preflight.opa_gate.enabled is false in environment %s: the policy engine is"
                              + " not judged after T-15, so the runbook's RED \"OPA failure\" is"
                              + " not watched live; set it to true to judge it")
                          .formatted(environment.name()))
                  .judged());
        });
  }

  /** The verdict of the check stored under {@code step}: GREEN passes, YELLOW and RED say so. */
  public static GateCheckLine verdict(String name, DecidedChecks decided, int step) {
    return new GateCheckLine(
        name,
        (context, checks) -> {
          Optional<GateReport> check = decided.get(step);
          if (check.isEmpty()) {
            return GateLineReport.of(notChecked(context.report(), name).judged());
          }
          return verdict(context.report(), check.get());
        });
  }

  /** The check's release verdict as a line: its reason is the problem, GREEN has none. */
  public static GateLineReport verdict(LineReport.Builder report, GateReport check) {
    report.evidence("gate check", check.summary());
    return switch (check.verdict()) {
      case GREEN -> GateLineReport.of(report.judged());
      case YELLOW ->
          GateLineReport.yellow(
              report
                  .problem(
                      "%s. Keep watching, change nothing; the next failure of the same gate is RED",
                      check.reason())
                  .judged());
      case RED -> GateLineReport.red(report.problem("%s", check.reason()).judged());
    };
  }

  private static String shadowSeen(String gate, GateReport check, String environment) {
    String seen =
        check.verdicts().stream()
            .filter(v -> v.gate().equals(gate))
            .findFirst()
            .map(v -> "it is %s: %s".formatted(v.verdict(), v.describe()))
            .orElse("it is not part of this check");
    return ("gate %s is a shadow gate in environment %s (gates.%s.shadow: true): evaluated and"
            + " recorded, never judging the release; %s. Set gates.%s.shadow: false to judge it")
        .formatted(gate, environment, gate, seen, gate);
  }

  private static LineReport.Builder notChecked(LineReport.Builder report, String name) {
    return report.problem(
        "%s: the gate check this line reads did not run in this process, so there is nothing to"
            + " judge (never GREEN); run the phase's lines together, in order",
        name);
  }

  public String name() {
    return name;
  }

  /** Runs the line; what it finds is in the report, never thrown. */
  public GateLineReport run(LineContext context, PhaseGateChecks checks) {
    return check.run(context, checks);
  }

  /** The name, as a parameterized test's display name reads it. */
  @Override
  public String toString() {
    return name;
  }
}
