package io.intelgraph.cutover.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void asyncRequestsShareThePoolInsteadOfStartingAThreadEach() throws Exception {
    assertThat(HttpClients.shareCompletionPool())
        .as("the common pool is shared (parallelism > 1), set by the build's JVM option or here")
        .isTrue();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      // a fixed executor, as the sandbox's load generator has: only the completions' threads count
      ExecutorService executor = Executors.newFixedThreadPool(2);
      HttpClient client =
          HttpClients.builder(Duration.ofSeconds(5), HttpClient.Redirect.NEVER)
              .executor(executor)
              .build();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      send(client, uri, 10); // connections, the client's own threads
      long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
      send(client, uri, 200);
      long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

      assertThat(started).as("threads started for 200 asynchronous requests").isLessThan(20);
      executor.shutdownNow();
    } finally {
      server.stop(0);
    }
  }

  private static void send(HttpClient client, URI uri, int requests) {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(
          client.sendAsync(
              HttpClients.request(uri, Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    answers.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
  }
}
