package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which series a query reads, and on which labels: the selectors found in PromQL text. */
class VectorSelectorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      textBlock =
          """
      (sum(rate(http_requests_total{status=~"5..",track="canary"}[5m])) or vector(0)) / sum(rate(http_requests_total{track="canary"}[5m])) | http_requests_total{status=~"5..",track="canary"}; http_requests_total{track="canary"}
      histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track="stable"}[5m])))                               | http_request_duration_seconds_bucket{track="stable"}
      histogram_quantile(0.95, sum(rate(graph_query_duration_seconds_bucket{hops="3",}[15s])) by (le, region))                            | graph_query_duration_seconds_bucket{hops="3"}
      max(kafka_consumer_lag_sum)                                                                                                          | kafka_consumer_lag_sum
      max(deriv(kafka_consumer_lag_sum[5m] offset 1m))                                                                                     | kafka_consumer_lag_sum
      count(ALERTS{alertstate="firing",alertname=~".*BurnRate.*"}) or vector(0)                                                            | ALERTS{alertstate="firing",alertname=~".*BurnRate.*"}
      sum(count_over_time(up[2m]))                                                                                                         | up
      min(up{job="intelgraph-api"}) > bool 0                                                                                               | up{job="intelgraph-api"}
      topk(1, sum by (tenant) (increase(http_requests_total{tenant!=""}[1h])) / scalar(sum(increase(http_requests_total{tenant!=""}[1h])))) | http_requests_total{tenant!=""}; http_requests_total{tenant!=""}
      sum(rate(a{x="}{,"}[5m])) / on(job) group_left(team) b                                                                               | a{x="}{,"}; b
      {__name__="http_requests_total",status!~'4..'}                                                                                     | {__name__="http_requests_total",status!~"4.."}
      max_over_time(rate(x[5m])[1h:1m]) * 100 + 1e3                                                                                       | x
      sum without (instance) (rate(http_requests_total[5m]))                                                                              | http_requests_total
      """)
  void findsEverySelectorAndItsMatchers(String promql, String expected) {
    List<String> found = VectorSelector.in(promql).stream().map(VectorSelector::toString).toList();

    assertThat(String.join("; ", found)).isEqualTo(expected.strip());
  }

  @Test
  void namesTheMetricAndTheLabelsItMatchesOn() {
    VectorSelector selector =
        VectorSelector.in(
                "{__name__=\"http_requests_total\",status=~\"5..\",track=\"canary\",status!=\"599\"}")
            .get(0);

    assertThat(selector.metricName()).hasValue("http_requests_total");
    assertThat(selector.labels()).containsExactly("status", "track");
  }

  @Test
  void anEmptyMatcherSelectsAbsenceAndNeedsNoSuchLabel() {
    VectorSelector selector = VectorSelector.in("up{pod=\"\",job!=\"\"}").get(0);

    assertThat(selector.matchers())
        .extracting(VectorSelector.Matcher::matchesAbsence)
        .containsExactly(true, false);
  }

  @Test
  void aQueryItCannotReadIsAnErrorNamingIt() {
    assertThatThrownBy(
            () -> VectorSelector.in("sum(rate(http_requests_total{status=~\"5..\"[5m]))"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cannot read the selectors of 'sum(rate(http_requests_total{status=~\"5..\"[5m]))': ")
        .hasMessageEndingWith("; check the query's braces and quotes");
  }

  @Test
  void theLabelsItNeedsIncludeNegativeMatchersButNotTheNameOrAnAbsence() {
    VectorSelector selector =
        VectorSelector.in(
                "sum(rate(http_requests_total{__name__=\"http_requests_total\",status!~\"5..\",region=\"\",track=\"canary\"}[5m]))")
            .get(0);

    assertThat(selector.requiredLabels()).containsExactly("status", "track");
  }
}
