package io.intelgraph.cutover.runbook.canary;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.golden.GoldenResult;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.SecurityFindings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.gates.GateCheckLine;
import io.intelgraph.cutover.runbook.gates.GateLineReport;
import io.intelgraph.cutover.runbook.gates.PhaseGateChecks;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * "Security goldens: missing, expired and forged tokens rejected; tenants isolated" at the canary's
 * current share: no token, an expired token, forged tokens (another key, alg none, tampered tenant,
 * HS256 with the public key) are rejected with 401, and tenant B cannot read tenant A's entity;
 * each rejection is repeated so the canary's share sees every forgery ({@link
 * GoldenSuite#attemptsFor}). A regression (the API did what it must not) is RED at once, whatever
 * the step (runbook: auth bypass); a check that could not judge, or an ingress that cannot be read,
 * is inconclusive: never a pass, never a rollback.
 */
public final class SecurityGoldens implements GateCheckLine.Check {

  private final IntFunction<List<GoldenResult>> security;

  /** {@code security} runs the security goldens for a canary share (the suite's, in a run). */
  SecurityGoldens(IntFunction<List<GoldenResult>> security) {
    this.security = Objects.requireNonNull(security, "security");
  }

  /** The security goldens of the run's golden suite. */
  public static SecurityGoldens of(Supplier<GoldenSuite> goldens) {
    return new SecurityGoldens(canary -> goldens.get().security(canary));
  }

  @Override
  public GateLineReport run(LineContext context, PhaseGateChecks checks) {
    return run(context);
  }

  /** The line on its own, for a phase without gate checks (T-0). */
  public GateLineReport run(LineContext context) {
    Cluster cluster = context.environment().cluster();
    LineReport.Builder report = context.report();
    int canary;
    try {
      canary = new TrafficRouter(context.kubernetes(), cluster).canaryPercent();
    } catch (RuntimeException e) {
      return GateLineReport.inconclusive(
          report
              .problem(
                  "security goldens not run: the canary's share cannot be read from ingress %s/%s"
                      + " (%s); it decides how often each forgery is sent. Inconclusive, not a"
                      + " security regression: nothing rolled back; fix access to the ingress and"
                      + " re-run",
                  cluster.namespace(), cluster.ingress(), e.getMessage())
              .judged());
    }
    SecurityFindings findings = SecurityFindings.of(security.apply(canary));
    report.evidence("Security goldens", table(findings, canary));
    if (findings.regressed()) {
      return GateLineReport.red(
          report
              .problem(
                  "security regression with the canary at %d %%: critical, RED at once:%s",
                  canary, SecurityFindings.describe(findings.regressions()))
              .judged());
    }
    if (!findings.inconclusive().isEmpty()) {
      return GateLineReport.inconclusive(
          report
              .problem(
                  "security goldens could not judge with the canary at %d %% (not a regression:"
                      + " nothing rolled back):%s",
                  canary, SecurityFindings.describe(findings.inconclusive()))
              .judged());
    }
    return GateLineReport.of(report.judged());
  }

  private static String table(SecurityFindings findings, int canary) {
    StringBuilder table =
        new StringBuilder(
            "### Security goldens at %d %% canary (%d attempts per rejection check)%n%n"
                .formatted(canary, GoldenSuite.attemptsFor(canary)));
    table.append("| check | result | detail |\n|---|---|---|\n");
    for (GoldenResult r : findings.results()) {
      table.append(
          "| %s | %s | %s |\n"
              .formatted(
                  r.name(),
                  r.status(),
                  r.failure().orElse("").replace("|", "\\|").replace("\n", " ")));
    }
    return table.toString();
  }
}
