package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.config.WarRoom;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a {@link WarRoomSummary} to the war room's incoming webhook (Slack's contract,
 * https://api.slack.com/messaging/webhooks: JSON body, {@code 200 ok} on success), bounded by
 * {@code war_room.timeout} for connecting and for the whole exchange. Anything but a 2xx is a failure
 * naming the status and the answer; the webhook URL is a credential, so errors name its reference only.
 *
 * <pre>{@code
 * WarRoomWebhook.Delivery delivery = new WarRoomWebhook(env.warRoom().get(), redactor).post(summary);
 * }</pre>
 */
public final class WarRoomWebhook {

  /** What was sent and what the webhook answered. */
  public record Delivery(String sentJson, int status, String answer, Instant at, Duration elapsed) {
    public String describe() {
      return "HTTP %d in %d ms at %s: %s".formatted(status, elapsed.toMillis(), at, answer.strip());
    }
  }

  private final WarRoom warRoom;
  private final Redactor redactor;

  public WarRoomWebhook(WarRoom warRoom, Redactor redactor) {
    this.warRoom = warRoom;
    this.redactor = redactor;
  }

  /** Posts it; throws {@link EvidenceException} on a timeout, a connection failure or a non-2xx answer. */
  public Delivery post(WarRoomSummary summary) {
    String json = summary.json(redactor);
    Duration bound = warRoom.bound();
    String where = "war room webhook " + warRoom.webhook().reference();
    HttpClient http = HttpClients.newClient(bound, HttpClient.Redirect.NEVER);
    HttpRequest request = HttpClients.request(URI.create(warRoom.webhook().reveal()), bound)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    Instant at = Instant.now();
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      // the request timeout bounds only the wait for headers: the future bounds the body as well
      response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new EvidenceException("%s did not answer within war_room.timeout %s; check the URL and the network path".formatted(where, bound));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why = cause instanceof HttpTimeoutException ? "timed out after " + bound : cause.getClass().getSimpleName() + ": " + cause.getMessage();
      throw new EvidenceException("%s could not be reached (%s); check war_room.webhook".formatted(where, redactor.redact(String.valueOf(why))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvidenceException(where + ": interrupted while posting");
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String answer = redactor.redact(response.body() == null ? "" : response.body());
    if (response.statusCode() / 100 != 2) {
      throw new EvidenceException("%s answered HTTP %d in %d ms: '%s'; the summary was not posted (%s)"
          .formatted(where, response.statusCode(), elapsed.toMillis(), answer.strip(), summary.headline()));
    }
    return new Delivery(json, response.statusCode(), answer, at, elapsed);
  }
}
