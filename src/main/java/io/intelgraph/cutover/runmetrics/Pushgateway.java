package io.intelgraph.cutover.runmetrics;

import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.support.BoundedHttp;
import io.intelgraph.cutover.support.HttpClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Prometheus Pushgateway, spoken to with its documented API (<a
 * href="https://github.com/prometheus/pushgateway#api">README, "API"</a>): {@code PUT
 * /metrics/job/<job>{/<label>/<value>}} replaces the whole group named by the grouping key with the
 * pushed text. A label value that is not a plain path segment (a {@code /}, an empty value, any
 * character outside {@code [A-Za-z0-9._~-]}) is sent as {@code <label>@base64/<base64url value>},
 * as the README specifies.
 *
 * <pre>{@code
 * Pushgateway gateway = new Pushgateway(URI.create("http://pushgateway:9091"), Duration.ofSeconds(5));
 * gateway.put("maestro_cutover", Map.of("release", "v1.42.0"), metrics.pushBody());
 * }</pre>
 */
final class Pushgateway {

  private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

  private final URI base;
  private final BoundedHttp http;

  Pushgateway(URI base, Duration timeout) {
    this.base = base;
    this.http =
        new BoundedHttp(
            HttpClients.newClient(timeout, HttpClient.Redirect.NEVER),
            timeout,
            HttpProtocol.HTTP1,
            PushFailedException::new);
  }

  /** The URL of the group: base path, {@code /metrics/job/<job>}, then each label in order. */
  URI groupUrl(String job, Map<String, String> groupingKey) {
    StringBuilder path = new StringBuilder(stripTrailingSlash(base.getRawPath()));
    path.append("/metrics/").append(segment("job", job));
    groupingKey.forEach((label, value) -> path.append('/').append(segment(label, value)));
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
  }

  /**
   * Replaces the group with {@code text} (Prometheus text format 0.0.4).
   *
   * @return the HTTP status of an accepted push (2xx)
   * @throws PushFailedException the Pushgateway was unreachable, too slow or refused the push, with
   *     its answer
   */
  int put(String job, Map<String, String> groupingKey, String text) {
    URI url = groupUrl(job, groupingKey);
    BoundedHttp.Exchange exchange =
        http.send(
            "push of the run's metrics",
            HttpRequest.newBuilder(url)
                .header("Content-Type", Exposition.PROMETHEUS_TEXT.contentType())
                .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    if (exchange.status() / 100 != 2) {
      throw new PushFailedException(
          "the Pushgateway refused PUT %s with HTTP %d: %s; check the pushed text in the evidence (cutover_metrics.txt) and the Pushgateway's log"
              .formatted(url, exchange.status(), firstLine(exchange.body())),
          null);
    }
    return exchange.status();
  }

  /** {@code label/value}, or {@code label@base64/<base64url>} when the value is not plain. */
  static String segment(String label, String value) {
    if (PLAIN_SEGMENT.matcher(value).matches()) return label + "/" + value;
    // the README: an empty value is a single '=' in base64
    String encoded =
        value.isEmpty()
            ? "="
            : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    return label + "@base64/" + encoded;
  }

  private static String stripTrailingSlash(String path) {
    if (path == null) return "";
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String firstLine(String body) {
    String line = body == null ? "" : body.lines().findFirst().orElse("").strip();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** A push that did not reach the Pushgateway or that it refused. */
  static final class PushFailedException extends RuntimeException {
    PushFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
