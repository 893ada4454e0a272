package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reading Kubecost's allocation answer: the namespace by name, per hour of its window, never a
 * silent zero.
 */
class CostProbeTest {

  private static final URI URL =
      URI.create("http://kubecost:9090/model/allocation?window=1h&aggregate=namespace");

  private static JsonNode json(String text) {
    return JsonGet.parse("test", URL, text);
  }

  @Test
  void takesTheNamespaceByNameAndDividesByItsWindow() {
    CostProbe.CostRate rate =
        CostProbe.parse(
            URL,
            json(
                """
        {"code":200,"data":[{"__idle__":{"name":"__idle__","totalCost":2.3,"window":{"start":"2025-09-21T13:30:00Z","end":"2025-09-21T14:30:00Z"}},
          "intelgraph-maestro":{"name":"intelgraph-maestro","totalCost":9.2,"window":{"start":"2025-09-21T14:00:00Z","end":"2025-09-21T14:30:00Z"}}}]}
        """),
            "intelgraph-maestro");

    assertThat(rate.window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(rate.dollarsPerHour()).isEqualTo(18.4);
    assertThat(rate.query()).isEqualTo(URL.toString());
  }

  @Test
  void aMissingNamespaceIsAnErrorNamingWhatWasThere() {
    assertThatThrownBy(
            () ->
                CostProbe.parse(
                    URL,
                    json(
                        """
        {"code":200,"data":[{"__idle__":{"name":"__idle__","totalCost":2.3,"window":{"start":"2025-09-21T13:30:00Z","end":"2025-09-21T14:30:00Z"}}}]}
        """),
                    "intelgraph-maestro"))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining(
            "no allocation for namespace 'intelgraph-maestro' (it has [__idle__])");
  }

  @Test
  void theRunbooksJqPathShapeIsNotReadAsZero() {
    assertThatThrownBy(
            () -> CostProbe.parse(URL, json("{\"code\":200,\"data\":[]}"), "intelgraph-maestro"))
        .hasMessageContaining("has no allocation set in data[0]");
  }

  @Test
  void aNonNumericTotalOrAnErrorCodeFails() {
    assertThatThrownBy(
            () ->
                CostProbe.parse(
                    URL,
                    json(
                        """
        {"code":200,"data":[{"intelgraph-maestro":{"totalCost":"NaN","window":{"start":"2025-09-21T13:30:00Z","end":"2025-09-21T14:30:00Z"}}}]}
        """),
                    "intelgraph-maestro"))
        .hasMessageContaining("intelgraph-maestro.totalCost is \"NaN\", not a number");
    assertThatThrownBy(
            () ->
                CostProbe.parse(
                    URL, json("{\"code\":400,\"message\":\"bad window\"}"), "intelgraph-maestro"))
        .hasMessageContaining("answered code 400: bad window");
  }
}
