package io.intelgraph.cutover.warroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.config.WarRoom;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.rollback.RollbackRequest;
import io.intelgraph.cutover.sandbox.standin.WebhookSink;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages to the war room against the sandbox's webhook sink: what is posted, what the ledger
 * records of it, and that nothing a failing or missing webhook does reaches the caller.
 */
class WarRoomNotifierTest {

  private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
  private static final String TOKEN = "T0K3Nwebhookpath77";
  private static final String SECRET = "s3cr3t-client-secret-value";

  @TempDir Path dir;

  private final WebhookSink sink = WebhookSink.start();
  private final SecretRegistry secrets = new SecretRegistry();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @AfterEach
  void stop() {
    sink.close();
  }

  private LedgerStore ledger() {
    return new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock);
  }

  private WarRoomNotifier notifier(LedgerStore ledger, Optional<WarRoom> warRoom) {
    warRoom.ifPresent(w -> secrets.register(w.webhook()));
    secrets.register("env:OIDC_CLIENT_SECRET", SECRET);
    return new WarRoomNotifier(
        warRoom, "v1.0.0-GA", "sandbox", new Redactor(secrets), ledger, clock);
  }

  private Optional<WarRoom> webhook() {
    return Optional.of(
        new WarRoom(
            new Secret("env:WAR_ROOM_WEBHOOK_URL", sink.url(TOKEN).toString()),
            Optional.of(Duration.ofSeconds(5))));
  }

  @Test
  void aPostedMessageIsRecordedWithTheWebhooksAnswerAndNoSecret() {
    LedgerStore ledger = ledger();

    WarRoomNotifier.Posting posting =
        notifier(ledger, webhook())
            .post(
                "T-30 baselines",
                "RECORDED",
                WarRoomMessage.figuresOf("api_p95", "212 ms", "note", "client_secret=" + SECRET));

    assertThat(posting.delivered()).as(posting.describe()).isTrue();
    assertThat(sink.received())
        .singleElement()
        .asString()
        .contains("v1.0.0-GA (sandbox) T-30 baselines: RECORDED", "*api_p95*: 212 ms")
        .doesNotContain(SECRET);
    assertThat(ledger.read().events(WarRoomNotifier.EVENT_KIND))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.subject()).isEqualTo("T-30 baselines");
              assertThat(event.ok()).isTrue();
              assertThat(event.at()).isEqualTo(NOW);
              assertThat(event.detail()).startsWith("HTTP 200 in ").endsWith(": ok");
              assertThat(event.facts())
                  .containsEntry("http_status", "200")
                  .containsEntry("webhook", "env:WAR_ROOM_WEBHOOK_URL");
            });
  }

  @Test
  void aFailingWebhookIsRecordedAsNotDeliveredNamingItsStatusButNotItsUrl() {
    sink.answerWith(500);
    LedgerStore ledger = ledger();

    WarRoomNotifier.Posting posting =
        notifier(ledger, webhook())
            .post("rollback started", "ROLLING BACK", WarRoomMessage.figuresOf());

    assertThat(posting.delivered()).isFalse();
    assertThat(posting.describe())
        .contains("war room webhook env:WAR_ROOM_WEBHOOK_URL answered HTTP 500")
        .doesNotContain(TOKEN);
    LedgerEvent recorded = ledger.read().events(WarRoomNotifier.EVENT_KIND).get(0);
    assertThat(recorded.ok()).isFalse();
    assertThat(recorded.detail()).contains("HTTP 500").doesNotContain(TOKEN);
  }

  @Test
  void withoutAWebhookNothingIsPostedOrRecordedAndThePostingSaysSo() {
    LedgerStore ledger = ledger();
    WarRoomNotifier notifier = notifier(ledger, Optional.empty());

    WarRoomNotifier.Posting posting = notifier.post("RED", "RED", WarRoomMessage.figuresOf());
    notifier.postInOrder("rollback started", "ROLLING BACK", WarRoomMessage.figuresOf());

    assertThat(notifier.configured()).isFalse();
    assertThat(posting.configured()).isFalse();
    assertThat(posting.delivered()).isFalse();
    assertThat(posting.describe()).isEqualTo("not posted: no war_room.webhook configured");
    assertThat(notifier.awaitQueued(Duration.ofSeconds(1))).isTrue();
    assertThat(ledger.read().events()).isEmpty();
  }

  @Test
  void aRedAndTheRollbackItStartsArePostedInOrderWithTheReasonAndTheRecoveryTime() {
    LedgerStore ledger = ledger();
    WarRoomNotifier notifier = notifier(ledger, webhook());
    RollbackNotices notices = new RollbackNotices(notifier, Duration.ofSeconds(15));
    String reason = "ramp check: error_ratio_5xx RED (second consecutive failure)";

    notifier.postInOrder("RED: 60 % step", "RED", WarRoomMessage.figuresOf("reason", reason));
    notices.started(
        new RollbackRequest("sandbox", "v1.0.0-GA", "a1", reason, "RampTest#step", false, "a1/k"));
    RollbackRecord done =
        RollbackRecord.executing(
                reason,
                "RampTest#step",
                RollbackLease.grant("me", NOW, Duration.ofMinutes(1)),
                false,
                NOW)
            .finished(
                new io.intelgraph.cutover.ledger.Verification(true, java.util.List.of("ok"), NOW),
                Optional.empty(),
                NOW.plusSeconds(7));
    notices.finished(done);

    assertThat(ledger.read().events(WarRoomNotifier.EVENT_KIND))
        .extracting(LedgerEvent::subject)
        .containsExactly("RED: 60 % step", "rollback started", "rollback ended");
    assertThat(sink.received()).hasSize(3);
    assertThat(sink.received().get(1)).contains("ROLLING BACK", reason, "RampTest#step");
    assertThat(sink.received().get(2)).contains("rollback ended: DONE", "*recovery time*: 7000 ms");
  }
}
