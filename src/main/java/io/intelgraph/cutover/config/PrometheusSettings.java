package io.intelgraph.cutover.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How gates query Prometheus: the request timeout, the label selectors that pick a track, the names
 * of the labels the status-based queries match on, and how the endpoint is reached when it is not
 * an anonymous in-cluster Prometheus (credentials, TLS, extra headers). Selectors are PromQL
 * matcher fragments, e.g. {@code track="canary"}, substituted for {@code {{selector}}} in gate
 * queries.
 *
 * <pre>{@code
 * prometheus:
 *   auth:
 *     basic: {username: cutover, password: {env: PROMETHEUS_PASSWORD}}   # or bearer_token: {file: /var/run/secrets/token}
 *   tls: {ca_file: /etc/cutover/prometheus-ca.pem, cert_file: /etc/cutover/client.pem, key_file: /etc/cutover/client-key.pem}
 *   headers: {X-Scope-OrgID: maestro}
 * }</pre>
 *
 * The keys mirror Prometheus's own HTTP client settings ({@code basic_auth}, {@code authorization},
 * {@code tls_config}, {@code http_headers}) and the server side is its web configuration
 * (https://prometheus.io/docs/prometheus/latest/configuration/https/).
 *
 * @param auth the credentials sent with every query; absent = anonymous
 * @param tls the CA that signed Prometheus's certificate and the client certificate it may require;
 *     absent = the JDK's trust store
 * @param headers extra request headers, e.g. {@code X-Scope-OrgID} for Mimir, Cortex or a
 *     multi-tenant Thanos; not secret
 * @param labels the label names production's series carry, e.g. the status label
 */
public record PrometheusSettings(
    Duration queryTimeout,
    Selectors selectors,
    Optional<Auth> auth,
    Optional<Tls> tls,
    Map<String, String> headers,
    Labels labels) {

  /**
   * Set by the client itself or by {@code prometheus.auth}, or refused by the JDK's HTTP client.
   */
  static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "host",
          "content-type",
          "content-length",
          "accept",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding");

  public PrometheusSettings {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    headers.forEach(
        (name, value) -> {
          if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException(
                "header name '%s' in prometheus.headers is not an HTTP token; use letters, digits and -, e.g. X-Scope-OrgID"
                    .formatted(name));
          }
          if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                ("header %s in prometheus.headers is set by the client; remove it"
                        + (name.equalsIgnoreCase("authorization")
                            ? " and give the credentials in prometheus.auth (bearer_token or basic, secrets by reference)"
                            : ""))
                    .formatted(name));
          }
          if (value == null
              || value.isBlank()
              || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException(
                "header %s in prometheus.headers has an empty or multi-line value; give one line, e.g. X-Scope-OrgID: maestro"
                    .formatted(name));
          }
        });
  }

  /** Anonymous, verified by the JDK's trust store, no extra header, the runbook's status label. */
  public PrometheusSettings(Duration queryTimeout, Selectors selectors) {
    this(queryTimeout, selectors, Optional.empty(), Optional.empty(), Map.of());
  }

  /** As configured, with the runbook's status label ({@code status}). */
  public PrometheusSettings(
      Duration queryTimeout,
      Selectors selectors,
      Optional<Auth> auth,
      Optional<Tls> tls,
      Map<String, String> headers) {
    this(queryTimeout, selectors, auth, tls, headers, new Labels("status"));
  }

  /** Matcher fragments for each scope a gate can be evaluated on. */
  public record Selectors(String stable, String canary, String all) {}

  /**
   * Exactly one kind of credentials, by reference: a bearer token (Thanos querier behind the
   * OpenShift OAuth proxy, Grafana Cloud's access policy token) or HTTP basic auth (Prometheus's
   * own {@code basic_auth_users}, Grafana Cloud's instance id and token, most auth proxies).
   */
  public record Auth(Optional<Secret> bearerToken, Optional<Basic> basic) {
    public Auth {
      if (bearerToken.isPresent() && basic.isPresent()) {
        throw new IllegalArgumentException(
            "both prometheus.auth.bearer_token and prometheus.auth.basic are set; keep one:"
                + " a request carries one Authorization header");
      }
      if (bearerToken.isEmpty() && basic.isEmpty()) {
        throw new IllegalArgumentException(
            "prometheus.auth is empty; set bearer_token: {env: VARIABLE} or basic: {username: NAME, password: {env: VARIABLE}},"
                + " or remove prometheus.auth for an anonymous Prometheus");
      }
    }

    /**
     * What is sent, safe to print: e.g. {@code basic auth as 'cutover' (password
     * secret(env:PROMETHEUS_PASSWORD))}.
     */
    public String describe() {
      return bearerToken
          .map(token -> "bearer token " + token)
          .orElseGet(
              () ->
                  "basic auth as '%s' (password %s)"
                      .formatted(basic.get().username(), basic.get().password()));
    }
  }

  /** HTTP basic auth (RFC 7617): the user name is not secret, the password is a reference. */
  public record Basic(String username, Secret password) {
    public Basic {
      if (username == null || username.isBlank() || username.contains(":")) {
        throw new IllegalArgumentException(
            "prometheus.auth.basic.username must be a non-empty name without ':' (RFC 7617)");
      }
    }
  }

  /**
   * PEM files: the CA bundle that signed Prometheus's server certificate (it replaces the JDK's
   * trust store, as Prometheus's own {@code tls_config.ca_file} does), and a client certificate
   * with its PKCS#8 key for a Prometheus that requires one ({@code client_auth_type:
   * RequireAndVerifyClientCert}).
   */
  public record Tls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    public Tls {
      if (certFile.isPresent() != keyFile.isPresent()) {
        throw new IllegalArgumentException(
            "prometheus.tls.%s is set without prometheus.tls.%s; a client certificate needs both its PEM certificate and its PEM key"
                .formatted(
                    certFile.isPresent() ? "cert_file" : "key_file",
                    certFile.isPresent() ? "key_file" : "cert_file"));
      }
      readable("ca_file", caFile);
      readable("cert_file", certFile);
      readable("key_file", keyFile);
    }

    private static void readable(String key, Optional<Path> file) {
      if (file.isEmpty()) return;
      if (!Files.isRegularFile(file.get())) {
        throw new IllegalArgumentException(
            "prometheus.tls.%s %s does not exist (or is not a file); give the path of a PEM file, mounted where the runner can read it"
                .formatted(key, file.get().toAbsolutePath()));
      }
      if (!Files.isReadable(file.get())) {
        throw new IllegalArgumentException(
            "prometheus.tls.%s %s cannot be read by this user; fix its permissions"
                .formatted(key, file.get().toAbsolutePath()));
      }
    }
  }

  /**
   * The labels production's series carry, named once for every query that matches on them.
   *
   * @param status the HTTP status code label of the API's request counter, filled in for {@code
   *     {{status_label}}} in the gates, KPI and closeout queries: {@code status} in the run of
   *     show's own queries, {@code status_code} where the exporter names it so
   */
  public record Labels(String status) {
    public Labels {
      Objects.requireNonNull(status, "status");
      if (!StatusLabel.isLabelName(status)) {
        throw new IllegalArgumentException(StatusLabel.invalid(status));
      }
    }
  }
}
