package io.intelgraph.cutover.sandbox.standin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the war room's chat: an incoming-webhook endpoint that records every POST body and
 * answers like Slack ({@code 200 ok}), or with the status a test sets ({@link #answerWith(int)}),
 * so a test can see what the channel would have received and a failing webhook can be rehearsed.
 */
public final class WebhookSink implements AutoCloseable {

  /** The path of the webhook; the last segment plays the role of Slack's token. */
  static final String HOOKS = "/services/";

  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private final StandInServer server;

  private final String role;

  private WebhookSink(String role) {
    this.role = role;
    this.server =
        new StandInServer(
            role,
            Map.of(
                HOOKS,
                request -> {
                  if (!"POST".equals(request.method()))
                    return StandInServer.Response.methodNotAllowed(request, "POST");
                  received.add(new String(request.body(), StandardCharsets.UTF_8));
                  int answer = status;
                  return new StandInServer.Response(
                      answer, "text/plain", answer == 200 ? "ok" : "internal_error");
                }));
  }

  public static WebhookSink start() {
    return start("war room webhook");
  }

  /** The same sink standing in for another webhook, e.g. PagerDuty's Events API. */
  public static WebhookSink start(String role) {
    return new WebhookSink(role);
  }

  /**
   * The incoming webhook URL with its token, e.g. {@code
   * http://127.0.0.1:PORT/services/T0/B0/TOKEN}.
   */
  public URI url(String token) {
    return server.baseUrl().resolve(HOOKS + "T0SANDBOX/B0SANDBOX/" + token);
  }

  /** The bodies posted so far, oldest first. */
  public List<String> received() {
    return List.copyOf(received);
  }

  /** From now on, answer every post with this status (200 answers {@code ok}). */
  public void answerWith(int httpStatus) {
    this.status = httpStatus;
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return role + " sink at " + server.baseUrl();
  }
}
