package io.intelgraph.cutover.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that redacts what passes through it line by line, for {@code System.out} and {@code
 * System.err}: slf4j-simple, the build tool and Allure's captured output all read those, so a
 * secret printed by a library lands redacted in every log of the run.
 *
 * <pre>{@code
 * System.setErr(RedactingOutputStream.printStream(System.err, redactor));
 * }</pre>
 *
 * <p>Whole lines are redacted (a secret split over two {@code write} calls is still found); an
 * unfinished line is passed on when the stream is flushed, or when it grows past 64 KiB.
 */
public final class RedactingOutputStream extends OutputStream {

  private static final int MAX_LINE = 64 * 1024;

  private final OutputStream target;
  private final Redactor redactor;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public RedactingOutputStream(OutputStream target, Redactor redactor) {
    this.target = target;
    this.redactor = redactor;
  }

  /** A UTF-8 print stream redacting onto {@code target}, passing on every finished line at once. */
  public static PrintStream printStream(OutputStream target, Redactor redactor) {
    return new PrintStream(
        new RedactingOutputStream(target, redactor), false, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n' || line.size() >= MAX_LINE) emit();
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    target.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
  }

  private void emit() throws IOException {
    if (line.size() == 0) return;
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    target.write(redactor.redact(text).getBytes(StandardCharsets.UTF_8));
    target.flush();
  }
}
