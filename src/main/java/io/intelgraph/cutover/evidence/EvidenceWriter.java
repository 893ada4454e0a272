package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.secrets.Redactor;
import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The one way the suite writes evidence: every attachment is redacted, attached to the running
 * Allure test and written as a file under {@code <root>/<release>/<phase>/}, which the {@link
 * EvidenceBundle} later seals. Nothing reaches Allure or the disk unredacted.
 *
 * <pre>{@code
 * EvidenceWriter evidence = EvidenceWriter.forPhase(Path.of("target/cutover-evidence"), "v1.0.0-GA", "gate", redactor);
 * evidence.attach("api_p95 answer", "application/json", rawPrometheusAnswer);
 * }</pre>
 *
 * <p>The phase sub-directory keeps phases that run on different runners from overwriting each
 * other's files when their evidence is merged for the bundle.
 */
public final class EvidenceWriter {

  /** Where an attachment goes besides the disk; {@link Allure#addAttachment} in production. */
  @FunctionalInterface
  public interface AttachmentSink {
    void attach(String name, String mediaType, InputStream content, String fileExtension);
  }

  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("application/json", "json"),
          Map.entry("text/plain", "txt"),
          Map.entry("text/html", "html"),
          Map.entry("text/csv", "csv"),
          Map.entry("application/yaml", "yaml"),
          Map.entry("text/yaml", "yaml"),
          Map.entry("application/xml", "xml"),
          Map.entry("text/xml", "xml"),
          Map.entry("image/png", "png"),
          Map.entry("image/svg+xml", "svg"),
          Map.entry("application/zip", "zip"),
          Map.entry("application/jwt", "jwt"),
          Map.entry("application/jose", "jws"));

  private final Path directory;
  private final Redactor redactor;
  private final AttachmentSink sink;

  /**
   * @param directory where the files go (created on first write)
   * @param sink where the attachment goes besides the disk
   */
  public EvidenceWriter(Path directory, Redactor redactor, AttachmentSink sink) {
    this.directory = directory;
    this.redactor = redactor;
    this.sink = sink;
  }

  /** A writer for one phase of one release, attaching to the running Allure test. */
  public static EvidenceWriter forPhase(
      Path root, String release, String phase, Redactor redactor) {
    return new EvidenceWriter(
        root.resolve(safeName(release)).resolve(safeName(phase)), redactor, Allure::addAttachment);
  }

  /** The directory this writer writes into. */
  public Path directory() {
    return directory;
  }

  /** Redacts, attaches and writes text; returns the file written. */
  public Path attach(String name, String mediaType, String content) {
    return attach(name, mediaType, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Redacts, attaches and writes bytes; returns the file written. A file name already taken gets a
   * numeric suffix ({@code api_p95-answer-2.json}), so nothing is overwritten.
   *
   * @throws EvidenceException if binary content holds a known secret, or the file cannot be written
   */
  public Path attach(String name, String mediaType, byte[] content) {
    String safeTitle = redactor.redact(name);
    byte[] safe = redactor.redact(content, mediaType, safeTitle);
    String extension = EXTENSIONS.getOrDefault(mediaType.toLowerCase(Locale.ROOT), "bin");
    Path file;
    try {
      Files.createDirectories(directory);
      file = freeName(safeName(safeTitle), extension);
      Files.write(file, safe);
    } catch (IOException e) {
      throw new EvidenceException(
          "cannot write evidence '%s' into %s (%s); check free space and permissions"
              .formatted(safeTitle, directory, e.getMessage()),
          e);
    }
    sink.attach(safeTitle, mediaType, new ByteArrayInputStream(safe), extension);
    return file;
  }

  private Path freeName(String base, String extension) {
    Path candidate = directory.resolve(base + "." + extension);
    for (int n = 2; Files.exists(candidate); n++) {
      candidate = directory.resolve(base + "-" + n + "." + extension);
    }
    return candidate;
  }

  static String safeName(String name) {
    String safe =
        name.strip()
            .replaceAll("[^A-Za-z0-9._-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^[-.]+|-+$", "");
    if (safe.isEmpty()) {
      throw new IllegalArgumentException(
          "evidence name '%s' has no letters or digits; give it a descriptive name"
              .formatted(name));
    }
    return safe.length() > 100 ? safe.substring(0, 100) : safe;
  }
}
