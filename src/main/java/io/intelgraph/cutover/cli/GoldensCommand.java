package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.config.KeysInUse;
import io.intelgraph.cutover.golden.GoldenResult;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.LatencySample;
import io.intelgraph.cutover.golden.SamplingReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code goldens}: runs the golden transactions against an environment, without a cluster or a
 * Prometheus: what a team runs first against a new API or identity provider. Reads only {@code
 * endpoints.api}, {@code endpoints.oidc_issuer}, {@code oidc} and {@code goldens}.
 *
 * <pre>
 * java -jar target/maestro-cutover.jar goldens --config environments/staging.yaml --only entity_write,graph_3hop --format json
 * </pre>
 */
@Command(
    name = "goldens",
    mixinStandardHelpOptions = true,
    description =
        "Run the golden transactions once per goldens.samples; exit 0 all passed, 2 one failed, 3 usage/config error.")
final class GoldensCommand implements Callable<Integer> {

  /** The goldens by the name {@code --only} takes, in the order they run. */
  enum Golden {
    OIDC_LOGIN,
    ENTITY_WRITE,
    GRAPH_3HOP,
    SUBSCRIPTION,
    SECURITY
  }

  static final int FAILED = 2;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "environment YAML file (layered over the built-in defaults, like -Dcutover.config)")
  Path config;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "GOLDEN",
      description =
          "run only these: oidc_login, entity_write, graph_3hop, subscription, security (default: all)",
      converter = GoldenConverter.class)
  List<Golden> only = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "TABLE",
      paramLabel = "json|table",
      description = "output: json or table (default: table)")
  EnvironmentOptions.Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> properties = new TreeMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    properties.put("cutover.config", config.toString());
    Environment environment =
        new EnvironmentLoader(properties, System.getenv(), Path.of("").toAbsolutePath())
            .load(KeysInUse.GOLDENS);
    Set<Golden> selected =
        only.isEmpty() ? new LinkedHashSet<>(List.of(Golden.values())) : new LinkedHashSet<>(only);
    GoldenSuite suite = GoldenSuite.forEnvironment(environment);
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean passed = true;
    for (Golden golden : Golden.values()) {
      if (!selected.contains(golden)) continue;
      if (golden == Golden.SECURITY) {
        // one track takes all traffic as far as this command knows: each forgery is sent once
        for (GoldenResult result : suite.security(0)) {
          rows.add(row(golden, result));
          passed &= result.passed();
        }
      } else {
        SamplingReport report =
            switch (golden) {
              case OIDC_LOGIN -> suite.oidcLogin();
              case ENTITY_WRITE -> suite.entityWrite();
              case GRAPH_3HOP -> suite.graphQuery();
              case SUBSCRIPTION -> suite.subscription();
              case SECURITY -> throw new IllegalStateException("handled above");
            };
        rows.add(row(golden, report));
        passed &= report.passed();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == EnvironmentOptions.Format.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("environment", environment.name());
      json.put("api", environment.endpoints().api().toString());
      json.put("oidc_issuer", environment.endpoints().oidcIssuer().toString());
      json.put("passed", passed);
      json.put("goldens", rows);
      out.println(Rendering.JSON.writeValueAsString(json));
    } else {
      out.printf(
          "%s goldens against %s (issuer %s)%n",
          environment.name(), environment.endpoints().api(), environment.endpoints().oidcIssuer());
      out.printf("%-13s %-52s %-6s %s%n", "GOLDEN", "CHECK", "RESULT", "DETAIL");
      for (Map<String, Object> row : rows) {
        out.printf(
            "%-13s %-52s %-6s %s%n",
            row.get("golden"),
            row.get("name"),
            Boolean.TRUE.equals(row.get("passed")) ? "PASS" : "FAIL",
            row.get("detail"));
      }
      out.println(passed ? "all goldens passed" : "a golden failed");
    }
    out.flush();
    return passed ? 0 : FAILED;
  }

  private static Map<String, Object> row(Golden golden, SamplingReport report) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("golden", label(golden));
    row.put("name", report.golden());
    row.put("passed", report.passed());
    row.put("runs", report.runs());
    row.put("errors", report.errors());
    row.put("failures", report.failures());
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (LatencySample metric : report.metrics()) metrics.put(metric.metric(), metric.toString());
    row.put("metrics", metrics);
    row.put(
        "detail",
        report.passed()
            ? report.summary()
            : String.join(
                "; ", report.failures().isEmpty() ? List.of(report.summary()) : report.failures()));
    return row;
  }

  private static Map<String, Object> row(Golden golden, GoldenResult result) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("golden", label(golden));
    row.put("name", result.name());
    row.put("passed", result.passed());
    row.put("detail", result.failure().orElse("rejected as it must be"));
    return row;
  }

  static String label(Golden golden) {
    return golden.name().toLowerCase(java.util.Locale.ROOT);
  }

  static final class GoldenConverter implements picocli.CommandLine.ITypeConverter<Golden> {
    @Override
    public Golden convert(String value) {
      for (Golden golden : Golden.values()) {
        if (label(golden).equals(value.trim())) return golden;
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'%s' is not a golden; use oidc_login, entity_write, graph_3hop, subscription or security"
              .formatted(value));
    }
  }
}
