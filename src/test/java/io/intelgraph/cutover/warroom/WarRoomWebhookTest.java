package io.intelgraph.cutover.warroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.config.WarRoom;
import io.intelgraph.cutover.sandbox.standin.WebhookSink;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The war room summary against the sandbox's webhook sink: what the channel receives, and a webhook
 * that fails.
 */
class WarRoomWebhookTest {

  private static final String TOKEN = "xoxb-webhook-token-7f3a9c";
  private static final String SECRET = "s3cr3t-client-secret-value";

  private final WebhookSink sink = WebhookSink.start();
  private final SecretRegistry secrets = new SecretRegistry();
  private final WarRoom warRoom =
      new WarRoom(
          new Secret("env:WAR_ROOM_WEBHOOK_URL", sink.url(TOKEN).toString()),
          Optional.of(Duration.ofSeconds(5)));

  @AfterEach
  void stop() {
    sink.close();
  }

  private WarRoomMessage summary() {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("gate evaluations", "24 (24 passed, 0 failed)");
    figures.put("rollbacks", "0");
    figures.put("careless figure", "client_secret=" + SECRET);
    return new WarRoomMessage("T+120 evidence", "v1.0.0-GA", "sandbox", "GREEN", figures);
  }

  @Test
  void postsTextAndBlocksWithTheFiguresAndNoSecret() {
    secrets.register("env:OIDC_CLIENT_SECRET", SECRET);
    secrets.register(warRoom.webhook());

    WarRoomWebhook.Delivery delivery =
        new WarRoomWebhook(warRoom, new Redactor(secrets)).post(summary());

    assertThat(delivery.status()).isEqualTo(200);
    assertThat(delivery.answer()).isEqualTo("ok");
    assertThat(sink.received()).hasSize(1);
    String received = sink.received().get(0);
    JsonNode body = JsonMapper.builder().build().readTree(received);
    assertThat(body.get("text").asString()).isEqualTo("v1.0.0-GA (sandbox) T+120 evidence: GREEN");
    assertThat(body.get("blocks").get(0).get("type").asString()).isEqualTo("header");
    assertThat(body.get("blocks").get(1).get("text").get("text").asString())
        .contains("*gate evaluations*: 24 (24 passed, 0 failed)", "*rollbacks*: 0");
    assertThat(received).doesNotContain(SECRET).doesNotContain(TOKEN);
  }

  @Test
  void aWebhookAnswering500FailsNamingTheStatusButNotTheUrl() {
    sink.answerWith(500);

    assertThatThrownBy(() -> new WarRoomWebhook(warRoom, new Redactor(secrets)).post(summary()))
        .isInstanceOf(WarRoomException.class)
        .hasMessageContaining("war room webhook env:WAR_ROOM_WEBHOOK_URL answered HTTP 500")
        .hasMessageContaining(
            "'internal_error'; the message was not posted (v1.0.0-GA (sandbox) T+120 evidence: GREEN)")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void anUnreachableWebhookFailsNamingItsReferenceButNotTheUrl() throws java.io.IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:%d/services/%s".formatted(closedPort, TOKEN);
    WarRoom unreachable =
        new WarRoom(
            new Secret("env:WAR_ROOM_WEBHOOK_URL", url), Optional.of(Duration.ofSeconds(2)));

    assertThatThrownBy(() -> new WarRoomWebhook(unreachable, new Redactor(secrets)).post(summary()))
        .isInstanceOf(WarRoomException.class)
        .hasMessageStartingWith(
            "war room webhook env:WAR_ROOM_WEBHOOK_URL: POST to env:WAR_ROOM_WEBHOOK_URL failed after ")
        .hasMessageEndingWith("; check war_room.webhook and war_room.timeout")
        .hasMessageNotContaining(TOKEN)
        .hasNoCause();
  }
}
