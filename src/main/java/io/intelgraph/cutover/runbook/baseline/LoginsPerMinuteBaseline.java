package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Instant;
import java.util.Optional;

/**
 * T-30, for the business KPI watch: the "baseline" of its "Successful logins/min: baseline vs
 * current". The watch runs a day later, possibly on another runner, so the baseline is taken now
 * and kept in the ledger (like every T-30 baseline), not recomputed from history that may be gone.
 * The API sees tokens, not logins: the rate is of the requests it authenticated ({@code
 * kpi.authenticated_requests}), per minute, over all traffic. No series, a non-finite value or no
 * authenticated traffic at all is never a baseline.
 *
 * <pre>{@code
 * assertThat(LoginsPerMinuteBaseline.fromPrometheus().run(context)).passed();
 * }</pre>
 */
public final class LoginsPerMinuteBaseline implements RunbookLine {

  /** The ledger's name of this baseline, which the KPI watch reads. */
  public static final String NAME = "authenticated_requests_per_minute";

  /** Asks one instant query; the environment's Prometheus in a run. */
  @FunctionalInterface
  interface InstantQuery {
    Optional<Sample> ask(Environment env, String promql, Instant at);
  }

  private final InstantQuery prometheus;

  LoginsPerMinuteBaseline(InstantQuery prometheus) {
    this.prometheus = prometheus;
  }

  /** The line as a run reads it: the rate from the environment's Prometheus. */
  public static LoginsPerMinuteBaseline fromPrometheus() {
    return new LoginsPerMinuteBaseline(
        (env, promql, at) -> PromQlClient.forEnvironment(env).query(promql, at).singleSample());
  }

  /** The query: authenticated requests per minute over the rate window, all traffic. */
  static String query(Environment env) {
    return "sum(rate(%s[%ds])) * 60"
        .formatted(env.kpi().authenticatedRequests(), env.cadence().rateWindow().toSeconds());
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    String query = query(env);
    Instant at = context.now();
    Optional<Optional<Sample>> answer =
        Reading.of(
            report,
            "'%s' from Prometheus at %s".formatted(query, env.endpoints().prometheus()),
            () -> prometheus.ask(env, query, at));
    if (answer.isEmpty()) return report.judged();
    Optional<Sample> sample = answer.get();
    report.evidence(
        "Authenticated requests/min",
        "'%s' at %s: %s"
            .formatted(query, at, sample.map(s -> Double.toString(s.value())).orElse("no series")));
    if (sample.isEmpty() || !sample.get().isFinite()) {
      return report
          .problem(
              "no %s baseline at %s: Prometheus answered %s for '%s'; a missing measurement is"
                  + " never a baseline (check kpi.authenticated_requests names a counter the API"
                  + " exports)",
              NAME, at, sample.map(s -> Double.toString(s.value())).orElse("no series"), query)
          .judged();
    }
    double perMinute = sample.get().value();
    if (perMinute <= 0) {
      return report
          .problem(
              "%s at %s is %s/min for '%s': no authenticated traffic, so nothing to compare the"
                  + " KPI watch with; take the baseline while users are signed in",
              NAME, at, perMinute, query)
          .judged();
    }
    context.ledger().update(l -> l.withBaseline(new Baseline(NAME, perMinute, "/min", query, at)));
    return report.judged();
  }
}
