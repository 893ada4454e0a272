package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs the rollback's reason as JSON to a webhook (chat, paging, a pipeline), with an optional
 * bearer token. Runs even when an earlier step failed: people must hear about a failed rollback.
 *
 * <p>Every run of the same rollback (a takeover, a retry by hand) sends the same {@code
 * Idempotency-Key} header, as the IETF HTTP API draft defines it
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/), so a receiver that
 * honours it acts once; it is also in the body as {@code idempotencyKey}.
 *
 * <p>When stable is still unhealthy after the rollback, a second call pages about it ({@link
 * #pageUnhealthy}): event {@code rollback_unhealthy}, what is still wrong, and its own key (the
 * rollback's key plus {@code /unhealthy}), so a receiver that deduplicates does not drop it as a
 * repeat of the first.
 */
final class WebhookAction implements RollbackAction {

  private static final tools.jackson.databind.json.JsonMapper JSON = JsonMappers.JSON;

  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final URI url;
  private final Optional<Secret> token;
  private final Duration timeout;

  WebhookAction(URI url, Optional<Secret> token, Duration timeout) {
    this.url = url;
    this.token = token;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public String description() {
    return "POST the reason to %s%s (timeout %s)"
        .formatted(url, token.map(t -> " with bearer " + t).orElse(""), timeout);
  }

  @Override
  public boolean runsAfterFailure() {
    return true;
  }

  @Override
  public String execute(RollbackRequest request) throws IOException, InterruptedException {
    return post(body("rollback", request, request.idempotencyKey()));
  }

  /** The second call: stable is still unhealthy after the rollback, and what is still wrong. */
  String pageUnhealthy(RollbackRequest request, StableRecovery recovery)
      throws IOException, InterruptedException {
    Map<String, Object> body =
        body("rollback_unhealthy", request, request.idempotencyKey() + "/unhealthy");
    body.put("state", "DONE_UNHEALTHY");
    body.put("stableHealthy", false);
    body.put("switchedAt", recovery.switchedAt().toString());
    body.put("secondsSinceSwitch", recovery.after().toSeconds());
    body.put("stillWrong", recovery.stillWrong());
    return post(body);
  }

  private static Map<String, Object> body(
      String event, RollbackRequest request, String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event);
    body.put("environment", request.environment());
    body.put("release", request.releaseTag());
    body.put("attempt", request.attemptId());
    body.put("reason", request.reason());
    body.put("triggeredBy", request.triggeredBy());
    body.put("idempotencyKey", idempotencyKey);
    return body;
  }

  private String post(Map<String, Object> body) throws IOException, InterruptedException {
    HttpRequest.Builder post =
        HttpClients.request(url, timeout)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_HEADER, "\"" + body.get("idempotencyKey") + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    token.ifPresent(t -> post.header("Authorization", "Bearer " + t.reveal()));
    HttpClient http = HttpClients.newClient(timeout, HttpClient.Redirect.NEVER);
    HttpResponse<String> response;
    try {
      response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RollbackActionException(
          "rollback webhook %s could not be reached (%s: %s); check rollback.webhook"
              .formatted(url, e.getClass().getSimpleName(), e.getMessage()),
          e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new RollbackActionException(
          "rollback webhook %s answered HTTP %d: %s"
              .formatted(url, response.statusCode(), response.body()));
    }
    return "HTTP " + response.statusCode();
  }
}
