package io.intelgraph.cutover.warroom;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.WarRoom;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells the war room ({@code war_room.webhook}) what the run did, and records each message in the
 * ledger as a {@value #EVENT_KIND} event with the webhook's answer. Optional: without a webhook
 * nothing is posted and {@link Posting#configured()} says so. It never throws: a message that does
 * not arrive is recorded as such and reported to the caller, and never stops a rollback or a phase.
 *
 * <pre>{@code
 * WarRoomNotifier.forEnvironment(env, ledger, clock)
 *     .post("rollback started", "ROLLING BACK", Map.of("reason", reason));
 * }</pre>
 */
public final class WarRoomNotifier {

  /** The ledger event kind of a war-room message. */
  public static final String EVENT_KIND = "notification";

  private final Optional<WarRoom> warRoom;
  private final String release;
  private final String environment;
  private final Redactor redactor;
  private final LedgerStore ledger;
  private final Clock clock;
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          30,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "war-room-messages");
            thread.setDaemon(true);
            return thread;
          });

  WarRoomNotifier(
      Optional<WarRoom> warRoom,
      String release,
      String environment,
      Redactor redactor,
      LedgerStore ledger,
      Clock clock) {
    this.warRoom = warRoom;
    this.release = release;
    this.environment = environment;
    this.redactor = redactor;
    this.ledger = ledger;
    this.clock = clock;
    // one thread keeps the messages in order, and goes away when idle
    sender.allowCoreThreadTimeOut(true);
  }

  /** The environment's war room, redacting the run's secrets, recording in {@code ledger}. */
  public static WarRoomNotifier forEnvironment(
      Environment environment, LedgerStore ledger, Clock clock) {
    return new WarRoomNotifier(
        environment.warRoom(),
        environment.release().tag(),
        environment.name(),
        new Redactor(SecretRegistry.run()),
        ledger,
        clock);
  }

  /** True when a webhook is configured, so messages are posted. */
  public boolean configured() {
    return warRoom.isPresent();
  }

  /**
   * Posts {@code title: status} with its figures (in order) and records the outcome in the ledger.
   */
  public Posting post(String title, String status, Map<String, String> figures) {
    WarRoomMessage message = new WarRoomMessage(title, release, environment, status, figures);
    if (warRoom.isEmpty()) {
      return new Posting(message, false, Optional.empty(), Optional.empty());
    }
    Instant at = clock.instant();
    Optional<WarRoomWebhook.Delivery> delivery = Optional.empty();
    Optional<String> failure = Optional.empty();
    try {
      delivery = Optional.of(new WarRoomWebhook(warRoom.get(), redactor).post(message));
    } catch (WarRoomException | IllegalArgumentException e) {
      failure = Optional.of(redactor.redact(String.valueOf(e.getMessage())));
    }
    Posting posting = new Posting(message, true, delivery, failure);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("headline", redactor.redact(message.headline()));
    facts.put("webhook", warRoom.get().webhook().reference());
    delivery.ifPresent(
        d -> {
          facts.put("http_status", String.valueOf(d.status()));
          facts.put("elapsed_ms", String.valueOf(d.elapsed().toMillis()));
        });
    try {
      ledger.update(
          l ->
              l.withEvent(
                  new LedgerEvent(
                      EVENT_KIND, title, at, posting.delivered(), posting.describe(), facts)));
    } catch (RuntimeException e) {
      return posting.notRecorded(redactor.redact(String.valueOf(e.getMessage())));
    }
    return posting;
  }

  /**
   * Posts on this notifier's own thread, after every message queued before it, so the caller (a
   * rollback about to start) never waits for the webhook; see {@link #awaitQueued}.
   */
  public void postInOrder(String title, String status, Map<String, String> figures) {
    if (configured()) sender.execute(() -> post(title, status, figures));
  }

  /**
   * Waits at most {@code bound} for every message queued so far to go out, e.g. before a process
   * that rolled back exits; true when they all did.
   */
  public boolean awaitQueued(Duration bound) {
    if (!configured()) return true;
    try {
      sender.submit(() -> {}).get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * What became of one message.
   *
   * @param configured false when no webhook is configured: nothing was posted or recorded
   * @param delivery the webhook's answer, when it took the message
   * @param failure why the message did not arrive (or was not recorded), redacted
   */
  public record Posting(
      WarRoomMessage message,
      boolean configured,
      Optional<WarRoomWebhook.Delivery> delivery,
      Optional<String> failure) {

    /** True when the webhook took the message and the ledger recorded it. */
    public boolean delivered() {
      return delivery.isPresent() && failure.isEmpty();
    }

    /** What the war room received (redacted), or the message's headline when nothing was sent. */
    public String sent() {
      return delivery.map(WarRoomWebhook.Delivery::sentJson).orElse(message.headline());
    }

    /** The answer or the failure, in words, e.g. {@code HTTP 200 in 12 ms at ...: ok}. */
    public String describe() {
      if (!configured) return "not posted: no war_room.webhook configured";
      return failure.orElseGet(() -> delivery.map(WarRoomWebhook.Delivery::describe).orElse(""));
    }

    Posting notRecorded(String why) {
      String before =
          failure
              .map(f -> f + "; and ")
              .orElseGet(() -> delivery.map(d -> "posted (" + d.describe() + ") but ").orElse(""));
      return new Posting(
          message,
          configured,
          delivery,
          Optional.of(before + "not recorded in the ledger: " + why));
    }
  }
}
