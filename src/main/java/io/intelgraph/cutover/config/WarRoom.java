package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the T+120 and closeout phases post their verdict and figures: a Slack-compatible incoming
 * webhook (https://api.slack.com/messaging/webhooks), whose URL is itself a credential and so is
 * given by reference.
 *
 * <pre>{@code
 * war_room:
 *   webhook: {env: WAR_ROOM_WEBHOOK_URL}
 *   timeout: 10s
 * }</pre>
 *
 * @param webhook the incoming webhook URL (http or https), by reference
 * @param timeout bound on connecting and on the whole POST; absent, {@link #DEFAULT_TIMEOUT}
 */
public record WarRoom(Secret webhook, Optional<Duration> timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public WarRoom {
    if (timeout.filter(t -> t.isZero() || t.isNegative()).isPresent()) {
      throw new IllegalArgumentException(
          "timeout must be positive, e.g. 10s, got " + timeout.get());
    }
    String url = webhook.reveal();
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      // never echo the value: the URL carries the webhook's token
      throw new IllegalArgumentException(
          "webhook %s is not an http(s) URL; give the incoming webhook URL, e.g. https://hooks.slack.com/services/..."
              .formatted(webhook.reference()));
    }
  }

  /** The bound on the POST. */
  public Duration bound() {
    return timeout.orElse(DEFAULT_TIMEOUT);
  }
}
