package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.secrets.Redactor;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Allure results writer that redacts everything before it reaches the disk: every string of a
 * test result or container (names, full names, descriptions, status messages and traces, labels,
 * links, parameters, steps, fixtures, attachment titles) and the content of every attachment,
 * whoever wrote it (a check calling {@code Allure.addAttachment}, the captured stdout of a test).
 *
 * <pre>{@code
 * Allure.setLifecycle(new AllureLifecycle(new RedactingResultsWriter(
 *     new FileSystemResultsWriter(Path.of("target/allure-results")), new Redactor(SecretRegistry.run()))));
 * }</pre>
 *
 * <p>Design note: results are redacted in place, field by field, rather than by editing their JSON:
 * a replacement inside JSON text could cut an escape sequence in half, and an edited result would
 * then be unreadable for the report. The Allure model is plain beans, so every {@code String} field
 * is reached by walking the objects of the {@code io.qameta.allure.model} package; identifiers
 * (uuid, attachment file names) are left alone, since the report links files by them.
 */
public final class RedactingResultsWriter implements AllureResultsWriter {

  private static final String MODEL_PACKAGE = "io.qameta.allure.model";

  /** Identifiers the report joins on; they are generated, never user text. */
  private static final Set<String> IDENTIFIERS =
      Set.of("uuid", "historyId", "testCaseId", "source", "children");

  private static final Map<String, String> MEDIA_TYPES =
      Map.ofEntries(
          Map.entry("txt", "text/plain"),
          Map.entry("log", "text/plain"),
          Map.entry("json", "application/json"),
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("csv", "text/csv"),
          Map.entry("xml", "application/xml"),
          Map.entry("yaml", "application/yaml"),
          Map.entry("yml", "application/yaml"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("zip", "application/zip"));

  private final AllureResultsWriter delegate;
  private final Redactor redactor;

  public RedactingResultsWriter(AllureResultsWriter delegate, Redactor redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  @Override
  public void write(TestResult result) {
    redactInPlace(result);
    delegate.write(result);
  }

  @Override
  public void write(TestResultContainer container) {
    redactInPlace(container);
    delegate.write(container);
  }

  /**
   * Redacts the attachment's content; text is redacted, binary content holding a known secret is
   * refused (see {@link Redactor#redact(byte[], String, String)}).
   */
  @Override
  public void write(String source, InputStream attachment) {
    byte[] content;
    try (InputStream in = attachment) {
      content = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read Allure attachment %s for redaction".formatted(source), e);
    }
    delegate.write(
        source, new ByteArrayInputStream(redactor.redact(content, mediaType(source), source)));
  }

  static String mediaType(String source) {
    int dot = source.lastIndexOf('.');
    String extension = dot < 0 ? "" : source.substring(dot + 1).toLowerCase(Locale.ROOT);
    return MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
  }

  void redactInPlace(Object model) {
    redact(model, new IdentityHashMap<>());
  }

  private void redact(Object node, IdentityHashMap<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) return;
    if (node instanceof List<?> list) {
      redactList(list, seen);
      return;
    }
    if (node instanceof Collection<?> collection) {
      collection.forEach(item -> redact(item, seen));
      return;
    }
    if (node instanceof Enum<?> || !node.getClass().getPackageName().equals(MODEL_PACKAGE)) return;
    for (Class<?> type = node.getClass();
        type != null && type.getPackageName().equals(MODEL_PACKAGE);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || IDENTIFIERS.contains(field.getName()))
          continue;
        try {
          field.setAccessible(true);
          Object value = field.get(node);
          if (value instanceof String text) {
            field.set(node, redactor.redact(text));
          } else {
            redact(value, seen);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(
              "cannot redact %s.%s of an Allure result; the Allure model changed"
                  .formatted(type.getSimpleName(), field.getName()),
              e);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void redactList(List<?> list, IdentityHashMap<Object, Boolean> seen) {
    ListIterator<Object> items = (ListIterator<Object>) list.listIterator();
    while (items.hasNext()) {
      Object item = items.next();
      if (item instanceof String text) {
        items.set(redactor.redact(text));
      } else {
        redact(item, seen);
      }
    }
  }
}
