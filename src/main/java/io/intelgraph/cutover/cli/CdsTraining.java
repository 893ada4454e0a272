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
 * sample for every instant and range query, at a timestamp with milliseconds as Prometheus writes
 * it; every label the default gates match on for the metric-contract check's {@code
 * /api/v1/labels}; no alerting rules), and the top-level {@code --help}, which builds every
 * subcommand's model. Their verdicts are discarded: only which classes they load matters. But a
 * gate the stand-in's answers leave unjudged ({@code ERROR}) would train the error path instead of
 * the one a real run takes, so that fails the training.
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
      for (String[] run :
          new String[][] {
            {"gates", "--config", config.toString()},
            {"gates", "--config", config.toString(), "--format", "json"},
            {"--help"}
          }) {
        StringWriter output = new StringWriter();
        PrintWriter discarded = new PrintWriter(new StringWriter());
        int exit = CutoverCommand.execute(new PrintWriter(output), discarded, run);
        if (exit == CutoverCommand.USAGE) {
          // a usage error means the run stopped before the work it is meant to train: say so, the
          // build warns
          throw new IllegalStateException(
              "training run `%s` exited %d (usage or configuration error)"
                  .formatted(String.join(" ", run), exit));
        }
        if (UNJUDGED.matcher(output.toString()).find()) {
          throw new IllegalStateException(
              ("training run `%s` left a gate unjudged (ERROR): the Prometheus stand-in in CdsTraining"
                      + " no longer answers what the gates ask; make it answer so. Output: %s")
                  .formatted(String.join(" ", run), output));
        }
      }
    } finally {
      prometheus.stop(0);
      Files.deleteIfExists(config);
      Files.deleteIfExists(directory);
    }
  }

  /** How the output shows a gate that could not be judged: its JSON field, or its table column. */
  private static final java.util.regex.Pattern UNJUDGED =
      java.util.regex.Pattern.compile("(?m)\"outcome\"\\s*:\\s*\"ERROR\"|^\\S+ +ERROR +");

  /** Every label a default gate's queries match or group on (the metric-contract check). */
  private static final String LABELS =
      "[\"__name__\",\"instance\",\"job\",\"le\",\"track\",\"status\",\"route\","
          + "\"tenant\",\"hops\",\"topic\",\"consumergroup\",\"partition\"]";

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    long millis = System.currentTimeMillis();
    String now = "%d.%03d".formatted(millis / 1000, millis % 1000);
    String data;
    if (path.endsWith("/api/v1/labels")) {
      data = LABELS;
    } else if (path.endsWith("/api/v1/rules")) {
      data = "{\"groups\":[]}";
    } else if (path.endsWith("/api/v1/query_range")) {
      data =
          "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[%s,\"0.5\"]]}]}"
              .formatted(now);
    } else {
      data =
          "{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[%s,\"0.5\"]}]}"
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
