package io.intelgraph.cutover.support;

import io.intelgraph.cutover.config.HttpProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds every HTTP client of the suite the same way, so no client speaks a protocol another would
 * not: a connect timeout, an explicit redirect policy, HTTP/1.1 on cleartext and HTTP/2 only where
 * TLS negotiates it.
 *
 * <pre>{@code
 * HttpClient http = HttpClients.newClient(timeout, HttpClient.Redirect.NEVER);
 * http.send(HttpClients.request(uri, timeout).GET().build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Design note: the JDK's default version is HTTP/2, which on {@code http://} sends {@code
 * Upgrade: h2c}; some servers refuse that with 405 and proxies drop it. So a client's default is
 * HTTP/1.1, and {@link #request} asks for HTTP/2 on {@code https://}, where the JDK offers h2 and
 * http/1.1 by ALPN and uses what the server picks
 * (https://docs.oracle.com/en/java/javase/17/docs/api/java.net.http/java/net/http/HttpClient.Version.html).
 */
public final class HttpClients {

  /** The system property that sizes {@link ForkJoinPool#commonPool()}. */
  public static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  private HttpClients() {}

  /**
   * Lets {@code sendAsync} finish on a shared pool instead of a thread of its own per request. The
   * JDK client completes every asynchronous exchange on CompletableFuture's default executor
   * ({@code HttpClientImpl.sendAsync}: {@code whenCompleteAsync(..., ASYNC_POOL)}), and "if
   * ForkJoinPool.commonPool() parallelism < 2, a new Thread is created to run each task"
   * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/concurrent/CompletableFuture.html):
   * on one or two CPUs, a CI runner's usual size, the common pool's parallelism is 1 and every
   * request started and ended a thread (the sandbox's load: 47 a second). Sets the parallelism to 2
   * there unless the user chose one; it takes effect only before anything touched the pool, so the
   * command line's {@code main} calls it first and the build's test JVMs set it as an option.
   *
   * @return whether asynchronous completions now share the common pool
   */
  public static boolean shareCompletionPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    return ForkJoinPool.getCommonPoolParallelism() > 1;
  }

  /**
   * A builder with the suite's settings, for a client that needs more (an {@code SSLContext}, a
   * cookie handler); {@code redirects} is explicit because following one is a decision (an OIDC
   * login must see each hop, a registry's blob redirect must be followed).
   */
  public static HttpClient.Builder builder(Duration connectTimeout, HttpClient.Redirect redirects) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(redirects)
        .version(HttpClient.Version.HTTP_1_1);
  }

  /** A client with the suite's settings. */
  public static HttpClient newClient(Duration connectTimeout, HttpClient.Redirect redirects) {
    return builder(connectTimeout, redirects).build();
  }

  /**
   * A request to {@code uri} bounded by {@code timeout} (response headers), in the version {@link
   * HttpProtocol#AUTO} picks.
   */
  public static HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri).timeout(timeout).version(version(uri, HttpProtocol.AUTO));
  }

  /** The version to ask for at {@code uri}: see {@link HttpProtocol}. */
  public static HttpClient.Version version(URI uri, HttpProtocol protocol) {
    return switch (protocol) {
      case HTTP1 -> HttpClient.Version.HTTP_1_1;
      case HTTP2 -> HttpClient.Version.HTTP_2;
      case AUTO ->
          "https".equalsIgnoreCase(uri.getScheme())
              ? HttpClient.Version.HTTP_2
              : HttpClient.Version.HTTP_1_1;
    };
  }
}
