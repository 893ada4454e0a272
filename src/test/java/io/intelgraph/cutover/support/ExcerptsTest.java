package io.intelgraph.cutover.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptsTest {

  @Test
  void aShortTextIsKeptOnOneLine() {
    assertThat(Excerpts.of("  {\"status\":\n  \"error\"}  ")).isEqualTo("{\"status\": \"error\"}");
  }

  @Test
  void aLongTextIsCutAtTheLimitAndMarked() {
    String excerpt = Excerpts.of("x".repeat(250));

    assertThat(excerpt).hasSize(Excerpts.LIMIT + 3).endsWith("x...");
  }

  @Test
  void aTextAtTheLimitIsNotMarked() {
    assertThat(Excerpts.of("y".repeat(300), 300)).isEqualTo("y".repeat(300));
  }

  @Test
  void noTextSaysSo() {
    assertThat(Excerpts.of(null)).isEqualTo("(none)");
  }
}
