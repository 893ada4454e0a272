package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Scope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** What every gate command needs: the environment file and which gates to judge, on what. */
final class EnvironmentOptions {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "environment YAML file (layered over the built-in defaults, like -Dcutover.config)")
  Path config;

  @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL, overriding endpoints.prometheus")
  String prometheus;

  @Option(names = "--scope", defaultValue = "canary", paramLabel = "canary|stable|all",
      description = "which track to judge (default: ${DEFAULT-VALUE})", converter = ScopeConverter.class)
  Scope scope;

  @Option(names = "--baseline", paramLabel = "GATE=VALUE",
      description = "T-30 baseline in base units (seconds, ratio) for gates with max_above_baseline, e.g. api_p95=0.21")
  Map<String, Double> baselines = new LinkedHashMap<>();

  @Option(names = "--format", defaultValue = "TABLE", paramLabel = "json|table", description = "output: json or table (default: table)")
  Format format;

  enum Format { JSON, TABLE }

  Environment load() {
    EnvironmentLoader loader = loader(config);
    if (prometheus != null) {
      loader = loader.withOverrides(Map.of("endpoints.prometheus", prometheus));
    }
    return loader.load(io.intelgraph.cutover.config.KeysInUse.GATES);
  }

  /** The loader every command uses: {@code config} layered over the defaults, with -Dcutover.* and CUTOVER_* overrides. */
  static EnvironmentLoader loader(Path config) {
    Map<String, String> properties = new TreeMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    properties.put("cutover.config", config.toString());
    return new EnvironmentLoader(properties, System.getenv(), Path.of("").toAbsolutePath());
  }

  Baselines baselines() {
    return new Baselines(baselines);
  }

  static final class ScopeConverter implements picocli.CommandLine.ITypeConverter<Scope> {
    @Override
    public Scope convert(String value) {
      for (Scope scope : Scope.values()) {
        if (scope.label().equals(value)) return scope;
      }
      throw new picocli.CommandLine.TypeConversionException("'%s' is not a scope; use canary, stable or all".formatted(value));
    }
  }
}
