package io.intelgraph.cutover.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedactingOutputStreamTest {

  @Test
  void aSecretPrintedInPiecesIsRedactedOnceTheLineEnds() {
    SecretRegistry secrets = new SecretRegistry();
    secrets.register("oidc:access-token", "tok-123456789");
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    PrintStream out = RedactingOutputStream.printStream(target, new Redactor(secrets));

    out.print("token tok-1234");
    out.print("56789 ok");
    out.println();
    out.print("unfinished tok-123456789");
    out.flush();

    assertThat(target.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "token [REDACTED:oidc:access-token] ok"
                + System.lineSeparator()
                + "unfinished [REDACTED:oidc:access-token]");
  }
}
