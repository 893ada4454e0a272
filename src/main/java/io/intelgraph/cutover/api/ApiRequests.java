package io.intelgraph.cutover.api;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.GraphQlClient;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Users' own API checks, written the REST Assured way: a {@link RequestSpecification} prepared for
 * the environment, so a team adds a runbook line of its own without re-doing what the goldens
 * already do right (https://github.com/rest-assured/rest-assured/wiki/Usage#specification-re-use).
 * The prepared specification
 *
 * <ul>
 *   <li>points at {@code endpoints.api};
 *   <li>carries the golden user's bearer token ({@code goldens.token}: login or client
 *       credentials), fetched when the first request is sent and registered with the run's secrets;
 *   <li>marks every request {@code X-Synthetic-Probe}, as the goldens do, so the API can keep it
 *       out of the SLO series;
 *   <li>bounds connect, read and pool waits by {@code goldens.call_timeout}, so a silent API fails
 *       the check instead of hanging the phase;
 *   <li>attaches each exchange to the report through {@link RedactingAllureFilter}: the token and
 *       every configured secret are masked before anything reaches Allure.
 * </ul>
 *
 * <pre>{@code
 * @Test @Order(9) @DisplayName("Search answers for the golden tenant")
 * void searchAnswers(Environment env) {
 *   given(ApiRequests.forEnvironment(env))
 *       .body(Map.of("query", "{ search(term: \"smoke\") { id } }"))
 *       .post("/graphql")
 *       .then().statusCode(200).body("errors", nullValue());
 * }
 * }</pre>
 */
public final class ApiRequests {

  private ApiRequests() {}

  /** The specification with the golden user's token, as the goldens obtain it. */
  public static RequestSpecification forEnvironment(Environment environment) {
    GoldenSuite goldens = GoldenSuite.forEnvironment(environment);
    return forEnvironment(environment, goldens::accessToken);
  }

  /** The specification with a token of the caller's choosing (e.g. another tenant's). */
  public static RequestSpecification forEnvironment(
      Environment environment, Supplier<BearerToken> token) {
    SecretRegistry secrets = SecretRegistry.run();
    return prepare(environment, token, secrets, new RedactingAllureFilter(new Redactor(secrets)));
  }

  static RequestSpecification prepare(
      Environment environment,
      Supplier<BearerToken> token,
      SecretRegistry secrets,
      RedactingAllureFilter report) {
    Duration timeout = environment.goldens().callTimeout();
    int millis = Math.toIntExact(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    RestAssuredConfig config =
        RestAssuredConfig.config()
            .httpClient(
                HttpClientConfig.httpClientConfig()
                    // Apache HttpClient 4.5's parameter names (CoreConnectionPNames, ClientPNames),
                    // which REST Assured passes on
                    .setParam("http.connection.timeout", millis)
                    .setParam("http.socket.timeout", millis)
                    .setParam("http.connection-manager.timeout", (long) millis));
    return new RequestSpecBuilder()
        .setBaseUri(environment.endpoints().api().toString())
        .setConfig(config)
        .setContentType("application/json")
        .addHeader(GraphQlClient.SYNTHETIC_HEADER, "maestro-cutover")
        .addFilter(new BearerFilter(token, secrets))
        .addFilter(report)
        .build();
  }
}
