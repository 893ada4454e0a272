package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.config.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes Allure's {@code environment.properties}: what was cut over, where, and from which commit,
 * shown on the report's overview. Never a secret: only names, URLs and the commit.
 *
 * <pre>{@code
 * EnvironmentProperties.of(environment, GitCommit.resolve(System.getenv(), Path.of(""))).write(resultsDir);
 * }</pre>
 */
public final class EnvironmentProperties {

  private final Map<String, String> properties;

  private EnvironmentProperties(Map<String, String> properties) {
    this.properties = properties;
  }

  /** The properties of this environment and commit. */
  public static EnvironmentProperties of(Environment environment, Optional<String> commit) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("release", environment.release().tag());
    properties.put("environment", environment.name());
    properties.put("mode", environment.mode().name().toLowerCase(java.util.Locale.ROOT));
    properties.put(
        "cluster",
        environment
            .endpoints()
            .kubernetes()
            .map(Object::toString)
            .orElse("kubeconfig or in-cluster service account"));
    properties.put(
        "cluster.tls",
        environment.cluster().insecureSkipTlsVerify()
            ? "WARNING: NOT VERIFIED (cluster.insecure_skip_tls_verify: true)"
            : "verified");
    properties.put("namespace", environment.cluster().namespace());
    properties.put("api", String.valueOf(environment.endpoints().api()));
    properties.put("prometheus", String.valueOf(environment.endpoints().prometheus()));
    properties.put("release.owner", environment.release().owner());
    properties.put("git.commit", commit.orElse("unknown"));
    return new EnvironmentProperties(properties);
  }

  /** The properties in order. */
  public Map<String, String> asMap() {
    return Map.copyOf(properties);
  }

  /** Writes {@code environment.properties} into the Allure results directory; returns the file. */
  public Path write(Path resultsDirectory) {
    StringBuilder text = new StringBuilder();
    properties.forEach(
        (key, value) ->
            text.append(escape(key, true)).append('=').append(escape(value, false)).append('\n'));
    Path file = resultsDirectory.resolve("environment.properties");
    try {
      Files.createDirectories(resultsDirectory);
      Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new EvidenceException("cannot write %s (%s)".formatted(file, e.getMessage()), e);
    }
    return file;
  }

  /** Escapes as java.util.Properties reads it, in ISO-8859-1 with unicode escapes. */
  private static String escape(String text, boolean key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '=', ':', '#', '!' -> out.append('\\').append(c);
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) out.append("\\u%04x".formatted((int) c));
          else out.append(c);
        }
      }
    }
    return out.toString();
  }
}
