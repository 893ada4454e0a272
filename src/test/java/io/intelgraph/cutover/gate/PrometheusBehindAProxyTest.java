package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.config.KeysInUse;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gates reach a Prometheus API behind a path prefix and an authenticating proxy (Mimir, Cortex,
 * a Thanos querier behind kube-rbac-proxy) through the one client the environment configures: the
 * token and the tenant header on every request, the prefix kept; a refusal is an ERROR that names
 * the endpoint and the key to fix, never the token.
 */
class PrometheusBehindAProxyTest {

  static final String TOKEN = "eyJhbGciOi.prometheus-reader-token.s1gn4ture";
  static final Instant AT = Instant.parse("2026-11-20T01:00:00Z");

  @TempDir Path directory;

  Environment environment(ScriptedPrometheus prometheus, String token, String extra)
      throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            "endpoints: {prometheus: '%s'}\nprometheus:\n  query_timeout: 5s\n"
                .formatted(prometheus.url()));
    if (token != null) {
      Path file =
          Files.writeString(directory.resolve("token-" + Math.abs(token.hashCode())), token + "\n");
      yaml.append("  auth: {bearer_token: {file: '%s'}}\n".formatted(file));
    }
    yaml.append(extra);
    Path config = Files.writeString(directory.resolve("e.yaml"), yaml);
    return new EnvironmentLoader(Map.of("cutover.config", config.toString()), Map.of(), directory)
        .load(KeysInUse.GATES);
  }

  static GateEvaluation firstGate(Environment env) {
    try (GateEvaluator evaluator = GateEvaluator.forEnvironment(env)) {
      return evaluator.evaluate(Gate.all(env, Scope.CANARY).get(0), AT, Baselines.none());
    }
  }

  @Test
  void everyQuerySendsTheTokenAndTheTenantBelowThePathPrefix() throws IOException {
    try (ScriptedPrometheus mimir =
        ScriptedPrometheus.behindProxy(
            (q, t) -> 1.0, "/prometheus", "Bearer " + TOKEN, "maestro")) {
      Environment env = environment(mimir, TOKEN, "  headers: {X-Scope-OrgID: maestro}\n");

      double up =
          PromQlClient.forEnvironment(env).query("up", AT).singleSample().orElseThrow().value();
      GateEvaluation gate = firstGate(env);

      assertThat(up).isEqualTo(1.0);
      assertThat(gate.outcome()).as(gate.detail()).isNotEqualTo(Outcome.ERROR);
      assertThat(mimir.requests)
          .hasSizeGreaterThan(1)
          .allSatisfy(
              request -> {
                assertThat(request.path())
                    .isIn(
                        "/prometheus/api/v1/query",
                        "/prometheus/api/v1/query_range",
                        "/prometheus/api/v1/labels");
                assertThat(request.headers())
                    .containsEntry("authorization", "Bearer " + TOKEN)
                    .containsEntry("x-scope-orgid", "maestro");
              });
    }
  }

  @Test
  void withoutCredentialsA401IsAnErrorThatSaysToSetPrometheusAuth() throws IOException {
    try (ScriptedPrometheus proxy =
        ScriptedPrometheus.behindProxy((q, t) -> 1.0, "/prometheus", "Bearer " + TOKEN, null)) {
      GateEvaluation gate = firstGate(environment(proxy, null, ""));

      assertThat(gate.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(gate.detail())
          .contains(
              "Prometheus at %s/ answered 401 Unauthorized".formatted(proxy.url()),
              "it requires credentials and none are configured; set prometheus.auth (bearer_token or basic, secrets by reference)");
    }
  }

  @Test
  void aRefusedTokenIsAnErrorNamingTheEndpointAndTheSecretsReferenceNeverItsValue()
      throws IOException {
    String wrong = "eyJhbGciOi.an-expired-token.s1gn4ture";
    try (ScriptedPrometheus proxy =
        ScriptedPrometheus.behindProxy((q, t) -> 1.0, "/prometheus", "Bearer " + TOKEN, null)) {
      GateEvaluation gate = firstGate(environment(proxy, wrong, ""));

      assertThat(gate.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(gate.detail())
          .contains(
              "Prometheus at %s/ answered 401 Unauthorized".formatted(proxy.url()),
              "it refused the credentials of prometheus.auth (bearer token secret(file:"
                  + directory)
          .doesNotContain(wrong);
      assertThat(gate.toString()).doesNotContain(wrong);
    }
  }

  @Test
  void anotherTenantIsA403ThatPointsAtTheTenantHeader() throws IOException {
    try (ScriptedPrometheus mimir =
        ScriptedPrometheus.behindProxy(
            (q, t) -> 1.0, "/prometheus", "Bearer " + TOKEN, "maestro")) {
      GateEvaluation gate =
          firstGate(environment(mimir, TOKEN, "  headers: {X-Scope-OrgID: billing}\n"));

      assertThat(gate.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(gate.detail())
          .contains(
              "answered 403 Forbidden",
              "does not let them query",
              "check the tenant in prometheus.headers (X-Scope-OrgID)")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void basicAuthIsSentAsRfc7617AndItsEncodedFormNeverShowsInARefusal() throws IOException {
    String password = "correct-horse-battery";
    String encoded =
        Base64.getEncoder()
            .encodeToString(
                ("cutover:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (ScriptedPrometheus proxy =
            ScriptedPrometheus.behindProxy((q, t) -> 1.0, "", "Basic " + encoded, null);
        ScriptedPrometheus other =
            ScriptedPrometheus.behindProxy((q, t) -> 1.0, "", "Basic c29tZW9uZTplbHNl", null)) {
      Path file = Files.writeString(directory.resolve("password"), password);
      String basic =
          "  auth: {basic: {username: cutover, password: {file: '%s'}}}\n".formatted(file);

      assertThat(
              PromQlClient.forEnvironment(environment(proxy, null, basic))
                  .query("up", AT)
                  .singleSample())
          .isPresent();
      GateEvaluation refused = firstGate(environment(other, null, basic));

      assertThat(proxy.requests)
          .allSatisfy(
              r -> assertThat(r.headers()).containsEntry("authorization", "Basic " + encoded));
      assertThat(refused.detail())
          .contains(
              "it refused the credentials of prometheus.auth (basic auth as 'cutover' (password secret(file:")
          .doesNotContain(password)
          .doesNotContain(encoded);
    }
  }
}
