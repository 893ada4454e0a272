package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerTimingTest {

  @Test
  void readsTheAppMetricsDurationInMilliseconds() {
    assertThat(GraphQlResponse.serverTiming("app;dur=1.234")).contains(Duration.ofNanos(1_234_000));
  }

  @Test
  void findsTheAppMetricAmongOthers() {
    assertThat(GraphQlResponse.serverTiming("db;dur=53, app;desc=\"api\";dur=47.2"))
        .contains(Duration.ofNanos(47_200_000));
  }

  @Test
  void noAppMetricOrNoNumberIsNoTiming() {
    assertThat(GraphQlResponse.serverTiming("db;dur=53")).isEmpty();
    assertThat(GraphQlResponse.serverTiming("app;dur=soon")).isEmpty();
    assertThat(GraphQlResponse.serverTiming("app")).isEmpty();
  }
}
