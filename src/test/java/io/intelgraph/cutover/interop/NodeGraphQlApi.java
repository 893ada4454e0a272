package io.intelgraph.cutover.interop;

import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GraphQL API on another stack (src/test/interop/graphql-api: Node, graphql-js, graphql-ws, ws,
 * jose), installed with {@code npm ci} from its package-lock.json into target/interop and run with
 * {@code node}. Its test-only fault switch makes it break the way real APIs do.
 */
final class NodeGraphQlApi implements AutoCloseable {

  static final Path SOURCE = Path.of("src/test/interop/graphql-api");
  private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");

  private final ChildProcess process;
  final int port;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private NodeGraphQlApi(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static NodeGraphQlApi start(URI issuer, String audience) throws IOException {
    Path directory = Files.createDirectories(Path.of("target", "interop", "graphql-api"));
    for (String file : List.of("package.json", "package-lock.json", "server.mjs")) {
      Files.copy(
          SOURCE.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(directory.resolve("node_modules/graphql-ws"))) {
      InteropProcesses.run(
          "npm-ci",
          directory,
          Duration.ofMinutes(3),
          List.of("npm", "ci", "--no-audit", "--no-fund"));
    }
    ChildProcess process =
        InteropProcesses.start(
            "graphql-api",
            directory,
            Map.of("PORT", "0", "ISSUER", issuer.toString(), "AUDIENCE", audience),
            List.of("node", "server.mjs"));
    int[] port = new int[1];
    await("Node GraphQL API listening")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .failFast("the Node GraphQL API exited: " + process.tail(), () -> !process.isAlive())
        .until(
            () -> {
              Matcher m = LISTENING.matcher(process.output());
              if (m.find()) port[0] = Integer.parseInt(m.group(1));
              return m.find(0);
            });
    return new NodeGraphQlApi(process, port[0]);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** none, write-500 or silent-subscription. */
  void fault(String fault) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base().resolve("/__fault"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"" + fault + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200)
      throw new IllegalStateException("fault switch answered " + response.statusCode());
  }

  String tail() {
    return process.tail();
  }

  @Override
  public void close() {
    process.close();
  }
}
