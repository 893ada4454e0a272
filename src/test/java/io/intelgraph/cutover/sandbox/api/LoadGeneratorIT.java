package io.intelgraph.cutover.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against a real reference API and OIDC server. */
class LoadGeneratorIT {

  private MockOAuth2Server oidc;
  private final FaultSwitch faults = new FaultSwitch();
  private ReferenceApi api;
  private Supplier<String> tokens;

  @BeforeEach
  void start() throws Exception {
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getByName("127.0.0.1"), 0);
    api =
        ReferenceApi.start(
            ReferenceApi.Options.defaults(
                oidc.issuerUrl("default").toString(),
                oidc.jwksUrl("default").uri(),
                TrafficWeights.fixed(50),
                faults));
    String token =
        oidc.issueToken(
                "default",
                "load",
                new DefaultOAuth2TokenCallback(
                    "default",
                    "load-user",
                    "JWT",
                    List.of("intelgraph-api"),
                    Map.of("tenant", SeedData.TENANT_A),
                    3600))
            .serialize();
    tokens = () -> token;
  }

  @AfterEach
  void stop() {
    api.close();
    oidc.shutdown();
  }

  @Test
  void mixedTrafficReachesBothTracksAndSubscriptionsSeeTheWrites() {
    try (LoadGenerator load =
        LoadGenerator.start(
            LoadGenerator.Options.defaults(api.baseUrl(), api.graphqlWsUrl(), tokens))) {
      await("traffic on both tracks and subscription events")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                LoadGenerator.Counts counts = load.counts();
                assertThat(counts.succeeded()).as("%s", counts).isGreaterThanOrEqualTo(60);
                assertThat(counts.servedBy()).as("%s", counts).containsKeys("stable", "canary");
                assertThat(counts.openSubscriptions()).as("%s", counts).isEqualTo(2);
                assertThat(counts.subscriptionEvents()).as("%s", counts).isPositive();
              });
      LoadGenerator.Counts counts = load.counts();
      assertThat(
              counts.serverErrors() + counts.unauthorized() + counts.failed() + counts.timeouts())
          .as("%s", counts)
          .isZero();
    }
  }

  @Test
  void countsWhatAFaultDoesAndStopsSendingOnClose() {
    faults.activate(Fault.CANARY_5XX);
    LoadGenerator load =
        LoadGenerator.start(
            LoadGenerator.Options.defaults(api.baseUrl(), api.graphqlWsUrl(), tokens)
                .withSubscriptions(0));
    await("canary 503s seen by the load")
        .atMost(Duration.ofSeconds(10))
        .until(() -> load.counts().serverErrors() >= 3);
    load.close();
    long sentAtClose = load.counts().sent();

    await("nothing sent after close")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> load.counts().sent() == sentAtClose);
  }
}
