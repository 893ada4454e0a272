package io.intelgraph.cutover.runbook.canary;

import static io.restassured.RestAssured.given;

import io.intelgraph.cutover.api.ApiRequests;
import io.intelgraph.cutover.cluster.DeploymentStatus;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.TrackAttribution;
import io.intelgraph.cutover.preflight.HealthProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * "Health checks passing: All pods ready and serving": both deployments fully rolled out, the
 * public health endpoint answers 200 from both tracks (which track answered is read from {@code
 * goldens.track_header}), and "serving": an authenticated GraphQL request is answered, through the
 * prepared specification users' own checks use ({@link ApiRequests}).
 */
public final class HealthChecks implements RunbookLine {

  private final Supplier<BearerToken> token;

  /** {@code token} authenticates the "serving" request (the golden user's, in a run). */
  HealthChecks(Supplier<BearerToken> token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  /** The golden user's token from the run's golden suite. */
  public static HealthChecks of(Supplier<GoldenSuite> goldens) {
    return new HealthChecks(() -> goldens.get().accessToken());
  }

  @Override
  public LineReport run(LineContext context) {
    Environment environment = context.environment();
    LineReport.Builder report = context.report();
    Deployments deployments =
        new Deployments(context.kubernetes(), environment.cluster().namespace());
    for (String name :
        List.of(
            environment.cluster().stableDeployment(), environment.cluster().canaryDeployment())) {
      String where = "deployment %s/%s".formatted(environment.cluster().namespace(), name);
      try {
        DeploymentStatus status = deployments.status(name);
        report.evidence(where, status.describe());
        report.problemIf(
            !status.isComplete(), "%s is not fully ready: %s", where, status.describe());
      } catch (RuntimeException e) {
        report.problem("%s cannot be read: %s", where, e.getMessage());
      }
    }
    URI uri = HealthProbe.of(environment.endpoints().api());
    TrackAttribution tracks = TrackAttribution.from(environment.goldens());
    if (!tracks.canTell()) {
      return report
          .notConfigured(
              "goldens.track_header: GET %s cannot tell which track answered; set it to the header"
                  + " your edge names the track in".formatted(uri))
          .judged();
    }
    bothTracksAnswer(
        environment, new HealthProbe(uri, environment.goldens().callTimeout(), tracks), report);
    serving(environment, report);
    return report.judged();
  }

  private static void bothTracksAnswer(
      Environment environment, HealthProbe health, LineReport.Builder report) {
    try {
      BoundedWait.named("GET %s answered by both tracks".formatted(health.uri()))
          .atMost(environment.cadence().rolloutTimeout())
          .pollEvery(Duration.ofMillis(100))
          .progressEvery(environment.cadence().progressEvery())
          .status(() -> health.tally().toString())
          .failFast("a health request was not answered 200", () -> health.tally().failures() > 0)
          .until(
              () -> {
                HealthProbe.Tally tally = health.ask();
                return tally.saw("stable") && tally.saw("canary");
              });
    } catch (WaitTimeoutException e) {
      report.problem("GET %s: %s", health.uri(), e.getMessage());
    }
    HealthProbe.Tally tally = health.tally();
    report.evidence("GET " + health.uri(), tally);
    report.problemIf(
        tally.failures() > 0,
        "GET %s: %d answers were not 200: %s",
        health.uri(),
        tally.failures(),
        tally);
  }

  private void serving(Environment environment, LineReport.Builder report) {
    String where =
        "POST %s%s".formatted(environment.endpoints().api(), environment.goldens().graphqlPath());
    try {
      Response response =
          given(ApiRequests.forEnvironment(environment, token))
              .body(Map.of("query", "{ __typename }"))
              .post(environment.goldens().graphqlPath());
      String body = response.asString();
      report.evidence(
          where + " { __typename }",
          "HTTP %d: %s".formatted(response.statusCode(), Excerpts.of(body, 300)));
      report.problemIf(
          response.statusCode() != 200 || typename(response) == null,
          "%s with the golden user's token was not served: HTTP %d, data.__typename missing: %s",
          where,
          response.statusCode(),
          Excerpts.of(body, 300));
    } catch (RuntimeException e) {
      report.problem("%s with the golden user's token got no answer: %s", where, e.getMessage());
    }
  }

  /** The answer's {@code data.__typename}, or null when the body is not that JSON. */
  private static Object typename(Response response) {
    try {
      return response.path("data.__typename");
    } catch (RuntimeException notJson) {
      return null; // an HTML error page or an empty body: not served, said by the caller
    }
  }
}
