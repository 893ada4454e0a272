package io.intelgraph.cutover.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

  private static final String CLIENT_SECRET = "s3cr3t/client+value";
  private final SecretRegistry secrets = new SecretRegistry();
  private final Redactor redactor = new Redactor(secrets);

  @Test
  void aKnownSecretIsReplacedByItsReference() {
    secrets.register(new Secret("env:OIDC_CLIENT_SECRET", CLIENT_SECRET));

    assertThat(redactor.redact("the client authenticates with " + CLIENT_SECRET + " today"))
        .isEqualTo("the client authenticates with [REDACTED:env:OIDC_CLIENT_SECRET] today");
  }

  @Test
  void aKnownSecretIsFoundUrlEncodedAndJsonEscapedToo() {
    secrets.register("webhook:token", "a\"b c&d");

    assertThat(redactor.redact("token=a%22b+c%26d and {\"t\":\"a\\\"b c&d\"}"))
        .isEqualTo("token=[REDACTED:webhook:token] and {\"t\":\"[REDACTED:webhook:token]\"}");
  }

  @Test
  void aTokenRegisteredAtRuntimeIsRedactedFromThenOn() {
    String before = redactor.redact("opaque-session-token-123");
    secrets.register("oidc:access-token", "opaque-session-token-123");

    assertThat(before).isEqualTo("opaque-session-token-123");
    assertThat(redactor.redact("opaque-session-token-123"))
        .isEqualTo("[REDACTED:oidc:access-token]");
  }

  @Test
  void theLongerSecretWinsWhenOneContainsAnother() {
    secrets.register("short", "abcd1234");
    secrets.register("long", "abcd1234-and-more");

    assertThat(redactor.redact("x abcd1234-and-more y abcd1234"))
        .isEqualTo("x [REDACTED:long] y [REDACTED:short]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a JWT anywhere | id_token in log eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl end | id_token in log [REDACTED:jwt] end",
        "a bearer header | Authorization: Bearer opaque.token-value_1 | Authorization: Bearer [REDACTED:authorization]",
        "a basic header | authorization: Basic dXNlcjpwYXNz | authorization: Basic [REDACTED:authorization]",
        "a bearer header in JSON | {\"Authorization\": \"Bearer abcdefghijk\"} | {\"Authorization\": \"Bearer [REDACTED:authorization]\"}",
        "a bearer word in prose | sent Bearer abcdefgh12345 upstream | sent Bearer [REDACTED:bearer] upstream",
        "a client secret in a form | grant_type=client_credentials&client_secret=hunter22&scope=x | grant_type=client_credentials&client_secret=[REDACTED:client_secret]&scope=x",
        "a password in JSON | {\"password\": \"hunter22\", \"user\": \"bob\"} | {\"password\": \"[REDACTED:password]\", \"user\": \"bob\"}",
        "a password in YAML | password: hunter22 | password: [REDACTED:password]",
        "cookies | Cookie: session=abc123; theme=dark | Cookie: session=[REDACTED:cookie]; theme=[REDACTED:cookie]",
        "a set-cookie keeps its attributes | Set-Cookie: sid=xyz789; Path=/; HttpOnly | Set-Cookie: sid=[REDACTED:cookie]; Path=/; HttpOnly",
      })
  void credentialShapedValuesAreMaskedEvenIfNobodyRegisteredThem(
      String what, String input, String expected) {
    assertThat(redactor.redact(input)).as(what).isEqualTo(expected);
  }

  @Test
  void redactionIsIdempotent() {
    secrets.register("env:PASS", "hunter22-pass");
    String once =
        redactor.redact("password=hunter22-pass Authorization: Bearer eyJa.eyJb.c Cookie: a=b");

    assertThat(redactor.redact(once)).isEqualTo(once);
    assertThat(once)
        .isEqualTo(
            "password=[REDACTED:env:PASS] Authorization: Bearer [REDACTED:jwt] Cookie: a=[REDACTED:cookie]");
  }

  @Test
  void ordinaryEvidenceIsLeftAlone() {
    String promql =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"0.2\"]}]}}";

    assertThat(redactor.redact(promql)).isEqualTo(promql);
  }

  @Test
  void bytesThatAreTextAreRedactedAsText() {
    secrets.register("env:K", "key-material-1");

    byte[] out =
        redactor.redact(
            "x key-material-1".getBytes(StandardCharsets.UTF_8),
            "application/octet-stream",
            "blob");

    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("x [REDACTED:env:K]");
  }

  @Test
  void binaryContentHoldingASecretIsRefusedNotCorrupted() {
    secrets.register("env:K", "key-material-1");
    byte[] png =
        new byte[] {
          (byte) 0x89,
          'P',
          'N',
          'G',
          0,
          (byte) 0xff,
          'k',
          'e',
          'y',
          '-',
          'm',
          'a',
          't',
          'e',
          'r',
          'i',
          'a',
          'l',
          '-',
          '1'
        };

    assertThatThrownBy(() -> redactor.redact(png, "image/png", "chart"))
        .isInstanceOf(SecretException.class)
        .hasMessage(
            "attachment 'chart' (image/png) contains the secret env:K and is binary, so it cannot be redacted"
                + " without corrupting it; it was not written. Produce it without the secret.");
  }

  @Test
  void aSecretTooShortToRedactIsRefused() {
    assertThatThrownBy(() -> secrets.register("env:PIN", "123"))
        .hasMessage(
            "secret env:PIN is shorter than 4 characters; it cannot be redacted without mangling the evidence; use a real secret");
  }

  record Webhook(String url, Secret token) {}

  record Config(String name, Optional<Secret> key, Map<String, Webhook> hooks, List<Secret> more) {}

  @Test
  void everySecretInTheConfigurationIsFound() {
    Config config =
        new Config(
            "prod",
            Optional.of(new Secret("env:KEY", "signing-key-value")),
            Map.of(
                "slack",
                new Webhook("https://hooks", new Secret("file:/run/slack", "slack-token-value"))),
            List.of(new Secret("env:MORE", "more-secret-value")));

    SecretRegistry registry = SecretRegistry.of(config);

    assertThat(registry.references()).containsExactly("env:KEY", "env:MORE", "file:/run/slack");
    assertThat(
            new Redactor(registry).redact("signing-key-value slack-token-value more-secret-value"))
        .isEqualTo("[REDACTED:env:KEY] [REDACTED:file:/run/slack] [REDACTED:env:MORE]");
  }
}
