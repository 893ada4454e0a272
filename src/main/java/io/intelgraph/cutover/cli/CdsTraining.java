package io.intelgraph.cutover.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run behind the launcher's class-data sharing archive: the build runs it once at
 * package time under {@code -XX:DumpLoadedClassList} and dumps the list with {@code -Xshare:dump},
 * so the classes a {@code gates} run loads (picocli's model, Jackson and the YAML parser, the
 * configuration records, the HTTP client, the PromQL parser, the rendering) are archived parsed and
 * verified, and the launcher's JVM maps them instead of loading them from the jar
 * (https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html).
 *
 * <p>It runs the real commands: {@code gates} (table and JSON) against a Prometheus stand-in on
 * loopback that answers in the HTTP API's documented format
 * (https://prometheus.io/docs/prometheus/latest/querying/api/#expression-query-result-formats: one
 * sample for every instant and range query, no alerting rules), and the top-level {@code --help},
 * which builds every subcommand's model. Their verdicts and output are discarded: only which
 * classes they load matters.
 *
 * <pre>
 * java -XX:DumpLoadedClassList=target/maestro-cutover.classlist -cp target/maestro-cutover.jar io.intelgraph.cutover.cli.CdsTraining
 * java -Xshare:dump -XX:SharedClassListFile=target/maestro-cutover.classlist -XX:SharedArchiveFile=target/maestro-cutover.jsa -cp target/maestro-cutover.jar
 * </pre>
 */
public final class CdsTraining {

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    HttpServer prometheus =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    prometheus.createContext("/", CdsTraining::answer);
    prometheus.start();
    Path directory = Files.createTempDirectory("maestro-cds-training-");
    Path config = directory.resolve("training.yaml");
    try {
      Files.writeString(
          config,
          "endpoints:\n  prometheus: http://127.0.0.1:%d\n"
              .formatted(prometheus.getAddress().getPort()));
      PrintWriter discarded = new PrintWriter(new StringWriter());
      for (String[] run :
          new String[][] {
            {"gates", "--config", config.toString()},
            {"gates", "--config", config.toString(), "--format", "json"},
            {"--help"}
          }) {
        int exit = CutoverCommand.execute(discarded, discarded, run);
        if (exit == CutoverCommand.USAGE) {
          // a usage error means the run stopped before the work it is meant to train: say so, the
          // build warns
          throw new IllegalStateException(
              "training run `%s` exited %d (usage or configuration error)"
                  .formatted(String.join(" ", run), exit));
        }
      }
    } finally {
      prometheus.stop(0);
      Files.deleteIfExists(config);
      Files.deleteIfExists(directory);
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    long now = System.currentTimeMillis() / 1000;
    String data;
    if (path.endsWith("/api/v1/rules")) {
      data = "{\"groups\":[]}";
    } else if (path.endsWith("/api/v1/query_range")) {
      data =
          "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[%d,\"0.5\"]]}]}"
              .formatted(now);
    } else {
      data =
          "{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[%d,\"0.5\"]}]}"
              .formatted(now);
    }
    exchange.getRequestBody().readAllBytes();
    byte[] body =
        ("{\"status\":\"success\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
