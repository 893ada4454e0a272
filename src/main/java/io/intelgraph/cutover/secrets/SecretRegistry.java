package io.intelgraph.cutover.secrets;

import io.intelgraph.cutover.config.Secret;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value this run knows about, each with a printable reference, so the {@link Redactor}
 * can replace it wherever it shows up. Thread-safe: clients register bearer tokens as they obtain
 * them, while attachments are being written.
 *
 * <pre>{@code
 * SecretRegistry secrets = SecretRegistry.of(environment);   // every Secret in the configuration
 * secrets.register("oidc:access-token", accessToken);        // a token obtained at runtime
 * }</pre>
 *
 * <p>Besides the value itself, its URL-encoded and JSON-escaped forms are registered, since a
 * secret is as often seen in a form body or a JSON document as in plain text.
 */
public final class SecretRegistry {

  /** Shorter values would turn ordinary words of the evidence into redaction marks. */
  static final int MIN_LENGTH = 4;

  /**
   * The run's registry: one per JVM, since Allure's results writer and the clients that obtain
   * tokens share nothing else.
   */
  private static final SecretRegistry RUN = new SecretRegistry();

  private final Map<String, String> referenceByValue = new ConcurrentHashMap<>();

  /** An empty registry. */
  public SecretRegistry() {}

  /**
   * A registry holding every {@link Secret} reachable from {@code configuration} (records, maps,
   * lists, optionals).
   */
  public static SecretRegistry of(Object configuration) {
    SecretRegistry registry = new SecretRegistry();
    registry.registerAll(configuration);
    return registry;
  }

  /**
   * The registry of this test run: the session registers the environment's secrets in it, clients
   * register the tokens they obtain, and every Allure result, attachment and log line is redacted
   * against it.
   *
   * <pre>{@code
   * SecretRegistry.run().register("oidc:access-token", token);
   * }</pre>
   */
  public static SecretRegistry run() {
    return RUN;
  }

  /** True if nothing is registered yet. */
  public boolean isEmpty() {
    return referenceByValue.isEmpty();
  }

  /** Registers every {@link Secret} reachable from {@code configuration}. */
  public void registerAll(Object configuration) {
    collect(configuration, new ArrayList<>()).forEach(this::register);
  }

  /** Registers a configured secret under its reference, e.g. {@code env:OIDC_CLIENT_SECRET}. */
  public void register(Secret secret) {
    register(secret.reference(), secret.reveal());
  }

  /**
   * Registers a value seen at runtime (a bearer token, a session cookie).
   *
   * @param reference what it is, printable, e.g. {@code oidc:access-token}; never the value
   * @throws IllegalArgumentException if the value is shorter than 4 characters
   */
  public void register(String reference, String value) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException(
          "a secret needs a reference that says what it is, e.g. oidc:access-token");
    }
    if (value == null || value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          ("secret %s is shorter than %d characters; it cannot be redacted without"
                  + " mangling the evidence; use a real secret")
              .formatted(reference, MIN_LENGTH));
    }
    if (value.contains(reference)) {
      throw new IllegalArgumentException(
          "secret %s contains its own reference; choose another reference".formatted(reference));
    }
    referenceByValue.putIfAbsent(value, reference);
    String urlEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    if (!urlEncoded.equals(value)) referenceByValue.putIfAbsent(urlEncoded, reference);
    String jsonEscaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    if (!jsonEscaped.equals(value)) referenceByValue.putIfAbsent(jsonEscaped, reference);
  }

  /**
   * The known values with their references, longest value first (so a value inside another never
   * wins).
   */
  List<Map.Entry<String, String>> entriesLongestFirst() {
    List<Map.Entry<String, String>> entries = new ArrayList<>(referenceByValue.entrySet());
    entries.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    return entries;
  }

  /** The references known so far; safe to print. */
  public Collection<String> references() {
    return List.copyOf(new java.util.TreeSet<>(referenceByValue.values()));
  }

  private static List<Secret> collect(Object node, List<Secret> into) {
    if (node == null) return into;
    if (node instanceof Secret secret) {
      into.add(secret);
    } else if (node instanceof Optional<?> optional) {
      optional.ifPresent(inner -> collect(inner, into));
    } else if (node instanceof Map<?, ?> map) {
      map.values().forEach(value -> collect(value, into));
    } else if (node instanceof Collection<?> collection) {
      collection.forEach(value -> collect(value, into));
    } else if (node.getClass().isRecord()) {
      for (RecordComponent component : node.getClass().getRecordComponents()) {
        try {
          var accessor = component.getAccessor();
          accessor.setAccessible(true);
          collect(accessor.invoke(node), into);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException(
              "cannot read %s.%s while collecting secrets"
                  .formatted(node.getClass().getSimpleName(), component.getName()),
              e);
        }
      }
    }
    return into;
  }
}
