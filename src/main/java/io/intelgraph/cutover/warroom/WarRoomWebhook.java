package io.intelgraph.cutover.warroom;

import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.config.WarRoom;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.support.BoundedHttp;
import io.intelgraph.cutover.support.HttpClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * POSTs a {@link WarRoomMessage} to the war room's incoming webhook (Slack's contract,
 * https://api.slack.com/messaging/webhooks: JSON body, {@code 200 ok} on success), bounded by
 * {@code war_room.timeout} for connecting and for the whole exchange. Anything but a 2xx is a
 * failure naming the status and the answer; the webhook URL is a credential, so errors name its
 * reference only.
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

  /**
   * Posts it; throws {@link WarRoomException} on a timeout, a connection failure or a non-2xx
   * answer.
   */
  public Delivery post(WarRoomMessage message) {
    String json = message.json(redactor);
    Duration bound = warRoom.bound();
    String where = "war room webhook " + warRoom.webhook().reference();
    // the URL is a secret: failures name its reference, and carry no cause whose message could hold
    // the host
    BoundedHttp http =
        new BoundedHttp(
            HttpClients.newClient(bound, HttpClient.Redirect.NEVER),
            bound,
            HttpProtocol.AUTO,
            (failure, ignored) ->
                new WarRoomException(
                    redactor.redact(failure) + "; check war_room.webhook and war_room.timeout"));
    Instant at = Instant.now();
    BoundedHttp.Exchange exchange =
        http.send(
            where,
            "POST to " + warRoom.webhook().reference(),
            HttpRequest.newBuilder(URI.create(warRoom.webhook().reveal()))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    HttpResponse<String> response = exchange.response();
    Duration elapsed = exchange.elapsed();
    String answer = redactor.redact(response.body() == null ? "" : response.body());
    if (response.statusCode() / 100 != 2) {
      throw new WarRoomException(
          "%s answered HTTP %d in %d ms: '%s'; the message was not posted (%s)"
              .formatted(
                  where,
                  response.statusCode(),
                  elapsed.toMillis(),
                  answer.strip(),
                  message.headline()));
    }
    return new Delivery(json, response.statusCode(), answer, at, elapsed);
  }
}
