package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One bounded {@code GET} of a JSON document for a probe; every failure names the URL and the bound. */
final class JsonGet {

  private static final JsonMapper JSON = JsonMappers.JSON;

  private final HttpClient client;
  private final Duration timeout;

  JsonGet(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** One HTTP answer, whatever its status: for APIs whose status code is the answer, e.g. a health check. */
  record Answer(URI uri, int status, String body) {}

  JsonNode get(String what, URI uri) {
    Answer answer = fetch(what, uri);
    if (answer.status() != 200) {
      throw new PreflightException("%s: GET %s answered HTTP %d: %s".formatted(what, uri, answer.status(), Excerpts.of(answer.body())));
    }
    return parse(what, uri, answer.body());
  }

  Answer fetch(String what, URI uri) {
    try {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(uri, response.statusCode(), response.body());
    } catch (IOException e) {
      throw new PreflightException("%s: GET %s failed within %d ms: %s".formatted(what, uri, timeout.toMillis(), e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("%s: interrupted while reading %s".formatted(what, uri), e);
    }
  }

  static JsonNode parse(String what, URI uri, String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw new PreflightException("%s: %s did not answer JSON (%s); first 200 characters: %s"
          .formatted(what, uri, e.getOriginalMessage(), Excerpts.of(body)), e);
    }
  }
}
