package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The suite's allure/categories.json sorts every failure into exactly one category. Matching as
 * Allure 2 does it: status in matchedStatuses, and each given regex matches the whole message or
 * trace (DOTALL).
 */
class CategoriesTest {

  static List<String> categoriesOf(String status, String message, String trace) throws IOException {
    JsonNode categories =
        JsonMappers.SNAKE_CASE.readTree(
            Files.readString(Path.of("src/main/resources/allure/categories.json")));
    List<String> matched = new ArrayList<>();
    for (JsonNode category : categories) {
      List<String> statuses = new ArrayList<>();
      category.path("matchedStatuses").forEach(s -> statuses.add(s.asString()));
      boolean statusMatches = statuses.isEmpty() || statuses.contains(status);
      boolean messageMatches =
          !category.has("messageRegex")
              || message != null
                  && Pattern.compile(category.get("messageRegex").asString(), Pattern.DOTALL)
                      .matcher(message)
                      .matches();
      boolean traceMatches =
          !category.has("traceRegex")
              || trace != null
                  && Pattern.compile(category.get("traceRegex").asString(), Pattern.DOTALL)
                      .matcher(trace)
                      .matches();
      if (statusMatches && messageMatches && traceMatches)
        matched.add(category.get("name").asString());
    }
    return matched;
  }

  static String trace(String exception, String message) {
    return exception
        + ": "
        + message
        + "\n\tat io.intelgraph.cutover.runofshow.GateChecksIT.apiP95(GateChecksIT.java:41)\n"
        + "\tat java.base/java.lang.reflect.Method.invoke(Method.java:569)\n";
  }

  @ParameterizedTest(name = "{1} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "failed | api_p95 is RED: 2 consecutive breaches (412 ms, 437 ms > 350 ms) | org.opentest4j.AssertionFailedError | Gate breach",
        "failed | error_ratio_5xx is YELLOW: 1.4 % > 1 % since 16:15:00Z | org.opentest4j.AssertionFailedError | Gate breach",
        "failed | api_p95 outcome NO_DATA: the query returned no series | org.opentest4j.AssertionFailedError | No data / provider error",
        "failed | kafka_lag outcome STALE: newest sample 4m old > 2m | org.opentest4j.AssertionFailedError | No data / provider error",
        "failed | auth_error_ratio outcome LOW_SAMPLE: 12 requests < 100 | org.opentest4j.AssertionFailedError | No data / provider error",
        "broken | dlq_ratio outcome ERROR: Prometheus answered 422 bad_data | java.lang.IllegalStateException | No data / provider error",
        "failed | api_p95 RED from NO_DATA twice | org.opentest4j.AssertionFailedError | No data / provider error",
        "failed | rollback executed: api_p95 RED, traffic restored to stable | org.opentest4j.AssertionFailedError | Rollback executed",
        "broken | Connection refused | java.net.ConnectException | Infrastructure error",
        "broken | request timed out after PT5S | java.net.http.HttpTimeoutException | Infrastructure error",
        "broken | Failure executing: PATCH at: https://10.0.0.1/apis/networking.k8s.io/v1/ingresses. Forbidden | io.fabric8.kubernetes.client.KubernetesClientException | Infrastructure error",
        "failed | expected entity to be visible to tenant A but was visible to tenant B | org.opentest4j.AssertionFailedError | Product defect",
        "failed | [3-hop query] expected 200 but was 500 | java.lang.AssertionError | Product defect",
      })
  void eachFailureLandsInExactlyOneCategory(
      String status, String message, String exception, String expected) throws IOException {
    assertThat(categoriesOf(status, message, trace(exception, message))).containsExactly(expected);
  }

  @ParameterizedTest(name = "skipped: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "refused: the rollback plan already ran at 2025-09-21T16:16:00Z (api_p95 RED); this attempt is over | Rollback executed",
      })
  void aPhaseRefusedAfterARollbackIsFiledUnderRollback(String message, String expected)
      throws IOException {
    assertThat(categoriesOf("skipped", message, null)).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"passed | all good", "skipped | not in this phase"})
  void passedAndOrdinarySkippedTestsHaveNoCategory(String status, String message)
      throws IOException {
    assertThat(categoriesOf(status, message, null)).isEmpty();
  }
}
