package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** What every gate command needs: the environment file and which gates to judge, on what. */
final class EnvironmentOptions {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "environment YAML file (layered over the built-in defaults, like -Dcutover.config)")
  Path config;

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      description = "Prometheus base URL, overriding endpoints.prometheus")
  String prometheus;

  @Option(
      names = "--scope",
      defaultValue = "canary",
      paramLabel = "canary|stable|all",
      description = "which track to judge (default: ${DEFAULT-VALUE})",
      converter = ScopeConverter.class)
  Scope scope;

  @Option(
      names = "--baseline",
      paramLabel = "GATE=VALUE[UNIT]",
      description =
          "T-30 baseline of a gate with max_above_baseline, repeatable, e.g. api_p95=210ms or error_ratio_5xx=0.2%%"
              + " (no unit: the gate's base unit, seconds or ratio); overrides the --ledger value")
  Map<String, String> baselines = new LinkedHashMap<>();

  @Option(
      names = "--ledger",
      paramLabel = "FILE",
      description =
          "the cutover's ledger file (ledger.path, e.g. target/cutover-ledger.json): its T-30 baselines judge max_above_baseline")
  Path ledger;

  @Option(
      names = "--format",
      defaultValue = "TABLE",
      paramLabel = "json|table",
      description = "output: json or table (default: table)")
  Format format;

  enum Format {
    JSON,
    TABLE
  }

  Environment load() {
    // a flag on this command line is the most specific setting there is: it wins over -D and
    // CUTOVER_*
    Map<String, String> flags =
        prometheus == null ? Map.of() : Map.of("endpoints.prometheus", prometheus);
    return loader(config, flags).load(io.intelgraph.cutover.config.KeysInUse.GATES);
  }

  /**
   * The loader every command uses: {@code config} layered over the defaults, with -Dcutover.* and
   * CUTOVER_* overrides.
   */
  static EnvironmentLoader loader(Path config) {
    return loader(config, Map.of());
  }

  /** As {@link #loader(Path)}, with command-line flags (dotted keys) above every other layer. */
  static EnvironmentLoader loader(Path config, Map<String, String> flags) {
    Map<String, String> properties = new TreeMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    properties.put("cutover.config", config.toString());
    flags.forEach((key, value) -> properties.put("cutover." + key, value));
    return new EnvironmentLoader(properties, System.getenv(), Path.of("").toAbsolutePath());
  }

  /**
   * The baselines for gates with {@code max_above_baseline}: the ledger's (read, never written),
   * then each {@code --baseline} over it. Without either, such a gate is ERROR and says how to give
   * one.
   */
  Baselines baselines(Environment environment) {
    Map<String, Baselines.Measured> given = new LinkedHashMap<>();
    baselines.forEach((gate, raw) -> given.put(gate, given(environment, gate, raw)));
    Baselines fromLedger = ledger == null ? Baselines.none(MISSING) : readLedger(environment);
    return fromLedger.with(given);
  }

  private static final String MISSING =
      "give the T-30 value with --baseline GATE=VALUE (e.g. api_p95=210ms) or the cutover's ledger with --ledger target/cutover-ledger.json";

  private Baselines readLedger(Environment environment) {
    if (!Files.isRegularFile(ledger)) {
      throw new IllegalArgumentException(
          "--ledger %s: no such file; give the ledger the cutover wrote (ledger.path, e.g."
                  .formatted(ledger)
              + " target/cutover-ledger.json; a configmap ledger: kubectl get configmap NAME -o jsonpath='{.data.ledger\\.json}' > ledger.json)");
    }
    try {
      Ledger read =
          new FileLedgerStore(
                  ledger.toAbsolutePath(), environment.release().tag(), Clock.systemUTC())
              .read();
      return read.baselinesFor(ledger.toString(), environment.cadence().rateWindow(), MISSING);
    } catch (LedgerException e) {
      throw new IllegalArgumentException("--ledger " + e.getMessage(), e);
    }
  }

  /**
   * {@code 210ms}, {@code 0.2%}, {@code 0.21}: a number in the gate's unit, or bare in its base
   * unit.
   */
  private static Baselines.Measured given(Environment environment, String gate, String raw) {
    GateSpec spec = environment.gates().get(gate);
    if (spec == null) {
      throw new IllegalArgumentException(
          "--baseline %s=%s: %s".formatted(gate, raw, environment.whyNoGate(gate)));
    }
    Threshold parsed;
    try {
      parsed = Threshold.parse("<= " + raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--baseline %s=%s: '%s' is not a number with an optional unit; give e.g. %s=210ms, %s=0.2%% or %s=0.21 (base unit)"
              .formatted(gate, raw, raw, gate, gate, gate),
          e);
    }
    Unit unit = spec.threshold().unit();
    boolean bare = raw.strip().matches("-?[0-9][0-9_,]*(\\.[0-9]+)?");
    if (!bare && parsed.unit() != unit) {
      throw new IllegalArgumentException(
          "--baseline %s=%s: the unit is %s, but gate %s is measured in %s (threshold %s); give it in that unit"
              .formatted(gate, raw, parsed.unit(), gate, unit, spec.threshold()));
    }
    if (parsed.limit() < 0) {
      throw new IllegalArgumentException(
          "--baseline %s=%s: a baseline cannot be negative".formatted(gate, raw));
    }
    return new Baselines.Measured(
        parsed.limit(),
        Optional.empty(),
        Optional.empty(),
        "--baseline %s=%s".formatted(gate, raw));
  }

  static final class ScopeConverter implements picocli.CommandLine.ITypeConverter<Scope> {
    @Override
    public Scope convert(String value) {
      for (Scope scope : Scope.values()) {
        if (scope.label().equals(value)) return scope;
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'%s' is not a scope; use canary, stable or all".formatted(value));
    }
  }
}
