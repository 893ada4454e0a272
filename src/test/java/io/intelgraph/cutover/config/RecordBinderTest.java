package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordBinderTest {

  record Webhook(String url, Secret token, Optional<Duration> timeout) {}

  private static Map<String, Object> tree(Object token) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("url", "https://hooks.example");
    tree.put("token", token);
    return tree;
  }

  @Test
  void aSecretIsResolvedFromAnEnvironmentVariableAndNeverPrinted() {
    RecordBinder binder = new RecordBinder(Map.of("HOOK_TOKEN", "s3cr3t-value")::get);

    Webhook hook = binder.bind(tree(Map.of("env", "HOOK_TOKEN")), Webhook.class);

    assertThat(hook.token().reveal()).isEqualTo("s3cr3t-value");
    assertThat(hook.toString()).contains("secret(env:HOOK_TOKEN)").doesNotContain("s3cr3t-value");
    assertThat(hook.timeout()).isEmpty();
  }

  @Test
  void aSecretIsResolvedFromAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");

    Webhook hook =
        new RecordBinder(name -> null).bind(tree(Map.of("file", file.toString())), Webhook.class);

    assertThat(hook.token().reveal()).isEqualTo("from-file");
  }

  @Test
  void anInlineSecretIsRefusedWithoutEchoingIt() {
    RecordBinder binder = new RecordBinder(name -> null);

    assertThat(binder.bind(tree("hunter2"), Webhook.class)).isNull();
    assertThat(binder.problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "`token` must be a reference, not a value: write `{env: VARIABLE}` or `{file: /path/to/secret}` (secrets are never written inline)")
        .doesNotContain("hunter2");
  }

  @Test
  void aReferenceThatDoesNotResolveNamesTheVariable() {
    RecordBinder binder = new RecordBinder(name -> null);

    binder.bind(tree(Map.of("env", "HOOK_TOKEN")), Webhook.class);

    assertThat(binder.problems())
        .containsExactly(
            "`token` refers to environment variable HOOK_TOKEN, which is not set; export it (e.g. from a CI secret)");
  }

  @Test
  void aMissingSecretFileIsNamed() {
    RecordBinder binder = new RecordBinder(name -> null);

    binder.bind(tree(Map.of("file", "/no/such/token")), Webhook.class);

    assertThat(binder.problems())
        .containsExactly(
            "`token` refers to file /no/such/token, which cannot be read (NoSuchFileException); mount or create it");
  }

  @Test
  void durationsAcceptUnitsAndIso() {
    assertThat(RecordBinder.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(RecordBinder.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(RecordBinder.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
  }
}
