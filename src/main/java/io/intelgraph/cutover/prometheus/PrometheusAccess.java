package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.support.TlsContexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How one Prometheus HTTP API is reached: its base URL (a path prefix such as Mimir's {@code
 * /prometheus} is kept: {@code https://mimir.example/prometheus} serves {@code
 * /prometheus/api/v1/query}), the credentials sent as the {@code Authorization} header, the TLS
 * context built from the configured PEMs, and extra headers such as {@code X-Scope-OrgID}.
 *
 * <pre>{@code
 * PrometheusAccess access = PrometheusAccess.of(env.endpoints().prometheus(), env.prometheus());
 * PromQlClient client = new PromQlClient(access, env.prometheus().queryTimeout());
 * }</pre>
 *
 * <p>Prometheus itself answers basic auth and TLS, client certificates included, when started with
 * {@code --web.config.file} (https://prometheus.io/docs/prometheus/latest/configuration/https/);
 * bearer tokens and tenant headers are what the proxies and queriers in front of it ask for (Thanos
 * querier behind the OpenShift OAuth proxy, Mimir and Cortex's {@code X-Scope-OrgID},
 * https://grafana.com/docs/mimir/latest/references/http-api/#authentication). Secrets are revealed
 * only into the header; {@link #toString()} and {@link #credentials()} show their references.
 */
public final class PrometheusAccess {

  private final URI base;
  private final Optional<PrometheusSettings.Auth> auth;
  private final Optional<SSLContext> tls;
  private final Map<String, String> headers;

  private PrometheusAccess(
      URI base,
      Optional<PrometheusSettings.Auth> auth,
      Optional<SSLContext> tls,
      Map<String, String> headers) {
    Objects.requireNonNull(base, "Prometheus base URI");
    String text = base.toString();
    // a trailing slash makes "api/v1/query" resolve below the path prefix instead of replacing its
    // last segment
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.auth = auth;
    this.tls = tls;
    this.headers = Map.copyOf(headers);
  }

  /** No credentials, the JDK's trust store, no extra header. */
  public static PrometheusAccess anonymous(URI base) {
    return new PrometheusAccess(base, Optional.empty(), Optional.empty(), Map.of());
  }

  /**
   * The environment's way in: {@code endpoints.prometheus} with {@code prometheus.auth}, {@code
   * prometheus.tls} and {@code prometheus.headers}. Reads the PEM files now, so a bad one is a
   * {@link ConfigException} before any query is sent.
   */
  public static PrometheusAccess of(URI base, PrometheusSettings settings) {
    Objects.requireNonNull(base, "endpoints.prometheus");
    Optional<SSLContext> tls = Optional.empty();
    if (settings.tls().isPresent()) {
      if (!"https".equalsIgnoreCase(base.getScheme())) {
        throw new ConfigException(
            ("prometheus.tls is set but endpoints.prometheus %s is not https: the CA and client certificate would never be used;"
                    + " use the https:// URL of Prometheus's TLS listener")
                .formatted(base));
      }
      PrometheusSettings.Tls files = settings.tls().get();
      try {
        tls =
            Optional.of(
                TlsContexts.of(
                    files.caFile(), files.certFile(), files.keyFile(), "prometheus.tls"));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new ConfigException(e.getMessage());
      }
    }
    return new PrometheusAccess(base, settings.auth(), tls, settings.headers());
  }

  /** The API's base URL, always ending in {@code /}, its path prefix kept. */
  public URI base() {
    return base;
  }

  /**
   * The URL of an API path below the base, e.g. {@code api/v1/query} -> {@code
   * https://mimir.example/prometheus/api/v1/query}.
   */
  URI resolve(String apiPath) {
    if (apiPath.startsWith("/"))
      throw new IllegalArgumentException(
          "API path '%s' must be relative to the base".formatted(apiPath));
    return base.resolve(apiPath);
  }

  /** True when credentials are sent. */
  boolean hasCredentials() {
    return auth.isPresent();
  }

  /**
   * What is sent, safe to print, e.g. {@code bearer token secret(env:PROMETHEUS_TOKEN)} or {@code
   * no credentials}.
   */
  public String credentials() {
    return auth.map(PrometheusSettings.Auth::describe).orElse("no credentials");
  }

  /** The client, with the TLS context when one is configured. */
  HttpClient.Builder configure(HttpClient.Builder builder) {
    tls.ifPresent(builder::sslContext);
    return builder;
  }

  /**
   * Adds the extra headers and the {@code Authorization} header (RFC 6750 bearer or RFC 7617
   * basic).
   */
  HttpRequest.Builder authorize(HttpRequest.Builder request) {
    headers.forEach(request::header);
    auth.ifPresent(a -> request.header("Authorization", authorization(a)));
    return request;
  }

  private static String authorization(PrometheusSettings.Auth auth) {
    if (auth.bearerToken().isPresent()) return "Bearer " + auth.bearerToken().get().reveal();
    PrometheusSettings.Basic basic = auth.basic().orElseThrow();
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (basic.username() + ":" + basic.password().reveal())
                    .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code text} with every form of the configured secret replaced by its reference: a proxy's
   * error page may echo what it was sent, and such a page goes into messages and the evidence.
   */
  String redact(String text) {
    if (auth.isEmpty() || text == null) return text;
    Map<String, String> forms = new LinkedHashMap<>();
    PrometheusSettings.Auth a = auth.get();
    String header = authorization(a);
    forms.put(header.substring(header.indexOf(' ') + 1), "[redacted: Authorization]");
    Secret secret = a.bearerToken().orElseGet(() -> a.basic().orElseThrow().password());
    forms.put(secret.reveal(), secret.toString());
    String redacted = text;
    for (Map.Entry<String, String> form : forms.entrySet())
      redacted = redacted.replace(form.getKey(), form.getValue());
    return redacted;
  }

  @Override
  public String toString() {
    return base
        + " ("
        + credentials()
        + (tls.isPresent() ? ", TLS from prometheus.tls" : "")
        + (headers.isEmpty() ? "" : ", headers " + headers.keySet())
        + ")";
  }
}
