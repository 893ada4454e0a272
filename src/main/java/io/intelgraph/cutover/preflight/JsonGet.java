package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.support.BoundedHttp;
import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.support.JsonMappers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One bounded {@code GET} of a JSON document for a probe ({@link BoundedHttp}); every failure names
 * the URL and the bound.
 */
final class JsonGet {

  private final BoundedHttp http;

  JsonGet(Duration timeout) {
    this.http =
        new BoundedHttp(
            HttpClients.newClient(timeout, HttpClient.Redirect.NEVER),
            timeout,
            HttpProtocol.AUTO,
            PreflightException::new);
  }

  /**
   * One HTTP answer, whatever its status: for APIs whose status code is the answer, e.g. a health
   * check.
   */
  record Answer(URI uri, int status, String body) {}

  JsonNode get(String what, URI uri) {
    Answer answer = fetch(what, uri);
    if (answer.status() != 200) {
      throw new PreflightException(
          "%s: GET %s answered HTTP %d: %s"
              .formatted(what, uri, answer.status(), Excerpts.of(answer.body())));
    }
    return parse(what, uri, answer.body());
  }

  Answer fetch(String what, URI uri) {
    BoundedHttp.Exchange exchange =
        http.send(what, HttpRequest.newBuilder(uri).header("Accept", "application/json").GET());
    return new Answer(uri, exchange.status(), exchange.body());
  }

  static JsonNode parse(String what, URI uri, String body) {
    try {
      return JsonMappers.JSON.readTree(body);
    } catch (JacksonException e) {
      throw new PreflightException(
          "%s: %s did not answer JSON (%s); first 200 characters: %s"
              .formatted(what, uri, e.getOriginalMessage(), Excerpts.of(body)),
          e);
    }
  }
}
