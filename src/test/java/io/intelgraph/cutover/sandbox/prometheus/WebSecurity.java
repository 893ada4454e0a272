package io.intelgraph.cutover.sandbox.prometheus;

import io.intelgraph.cutover.sandbox.tls.SandboxCa;
import io.intelgraph.cutover.support.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Prometheus's own web security, as production turns it on with {@code --web.config.file}
 * (https://prometheus.io/docs/prometheus/latest/configuration/https/): TLS with a server
 * certificate from a CA made at test time, HTTP basic auth with a bcrypt hash of a password made at
 * test time, and optionally a required client certificate ({@code client_auth_type:
 * RequireAndVerifyClientCert}). Every file is written beside the web config and named relatively,
 * as the web config allows, so a container sees them through the same bind mount.
 *
 * <pre>{@code
 * WebSecurity web = WebSecurity.basicAuthOverTls("cutover");
 * PrometheusServer prometheus = PrometheusServer.builder().secured(web).start();   // https://127.0.0.1:PORT
 * web.caFile(); web.password();                                                      // for prometheus.tls and prometheus.auth
 * }</pre>
 */
public final class WebSecurity {

  /** The file Prometheus reads with {@code --web.config.file}. */
  static final String FILE = "web-config.yml";

  /**
   * bcrypt's cost: the minimum (4) keeps the server's check of every request cheap in tests;
   * production uses 10 or more.
   */
  static final int BCRYPT_COST = 4;

  private final String username;
  private final String password;
  private final boolean clientCertificates;
  private final SandboxCa ca = SandboxCa.create("Sandbox Prometheus CA", Duration.ofDays(2));
  private Path directory;

  private WebSecurity(String username, boolean clientCertificates) {
    this.username = username;
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    this.password = "pw-" + HexFormat.of().formatHex(random);
    this.clientCertificates = clientCertificates;
  }

  /** Basic auth for {@code username} (a random password) over TLS. */
  public static WebSecurity basicAuthOverTls(String username) {
    return new WebSecurity(username, false);
  }

  /**
   * As {@link #basicAuthOverTls}, and Prometheus also requires a client certificate issued by the
   * same CA.
   */
  public static WebSecurity basicAuthOverMutualTls(String username) {
    return new WebSecurity(username, true);
  }

  /** Writes the certificates, keys and the web config into {@code dir}; returns the web config. */
  Path write(Path dir) {
    this.directory = dir;
    SandboxCa.Issued server = ca.issue("prometheus.sandbox", Duration.ofDays(1), true);
    ca.writeCertificate(dir.resolve("web-ca.pem"));
    server.writeCertificate(dir.resolve("web-server.pem"));
    server.writeKey(dir.resolve("web-server-key.pem"));
    if (clientCertificates) {
      SandboxCa.Issued client = ca.issue("cutover-runner", Duration.ofDays(1), false);
      client.writeCertificate(dir.resolve("web-client.pem"));
      client.writeKey(dir.resolve("web-client-key.pem"));
    }
    // TLS 1.2 at most where a client certificate is required: there a missing certificate fails the
    // handshake itself,
    // so the client's error is always a TLS one; under TLS 1.3 the server rejects it after the
    // handshake and the JDK
    // client sees a broken pipe, a closed channel or, now and then, nothing until its timeout
    String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt(), BCRYPT_COST);
    String yaml =
        """
        tls_server_config:
          cert_file: web-server.pem
          key_file: web-server-key.pem
        %s
        basic_auth_users:
          %s: '%s'
        """
            .formatted(clientCertificates ? CLIENT_CERTIFICATES : "", username, hash);
    try {
      return Files.writeString(dir.resolve(FILE), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the web config into " + dir, e);
    }
  }

  public String username() {
    return username;
  }

  /** The password the bcrypt hash was made of; only for the test's own secret file. */
  public String password() {
    return password;
  }

  /**
   * The CA that signed Prometheus's server certificate (and the client certificate): {@code
   * prometheus.tls.ca_file}.
   */
  public Path caFile() {
    return written().resolve("web-ca.pem");
  }

  /** The client certificate and its PKCS#8 key, when Prometheus requires one. */
  public Optional<Path> clientCertificate() {
    return clientCertificates ? Optional.of(written().resolve("web-client.pem")) : Optional.empty();
  }

  public Optional<Path> clientKey() {
    return clientCertificates
        ? Optional.of(written().resolve("web-client-key.pem"))
        : Optional.empty();
  }

  /**
   * The sandbox's own client of this server (readiness, reload, queries): trusts the CA, presents
   * the client certificate.
   */
  HttpClient.Builder configure(HttpClient.Builder builder) {
    return builder.sslContext(
        TlsContexts.of(
            Optional.of(caFile()),
            clientCertificate(),
            clientKey(),
            "the sandbox's Prometheus web config"));
  }

  /** Adds the basic-auth header to one of the sandbox's own requests. */
  HttpRequest.Builder authorize(HttpRequest.Builder request) {
    return request.header(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  private Path written() {
    if (directory == null)
      throw new IllegalStateException(
          "the web config is written when the server starts; start it first");
    return directory;
  }

  /**
   * The web config's client-certificate lines
   * (https://prometheus.io/docs/prometheus/latest/configuration/https/).
   */
  private static final String CLIENT_CERTIFICATES =
      "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: web-ca.pem\n  max_version: TLS12";

  private static byte[] salt() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return salt;
  }
}
