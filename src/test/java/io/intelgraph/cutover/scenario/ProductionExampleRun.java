package io.intelgraph.cutover.scenario;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.intelgraph.cutover.junit.PhaseOrder;
import io.intelgraph.cutover.ledger.ConfigMapLedgerStore;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.sandbox.ReferenceApiLauncher;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxOptions;
import io.intelgraph.cutover.sandbox.SandboxResource;
import io.intelgraph.cutover.sandbox.StartedApi;
import io.intelgraph.cutover.sandbox.api.SeedData;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The whole run of show for the shipped {@code prod.example.yaml} against a sandbox this process
 * starts, in its own JVM so the example's secrets are given exactly as it references them: the
 * environment variables {@code ROLLBACK_WEBHOOK_TOKEN} and {@code EVIDENCE_SIGNING_KEY} of this
 * process (see {@link ProductionExampleCutoverIT}). Writes the final ledger to {@code
 * DIR/ledger.json} and exits 0 only if no check failed.
 *
 * <p>What is layered over the example, as system properties, and why:
 *
 * <ul>
 *   <li>the sandbox's endpoints and its secrets by file reference (the OIDC client secret, the
 *       expired token), its DNS resolver and TLS edge, and {@code endpoints.canary_api} as the
 *       canary track's own listener (the example's is the canary's Service): where production is,
 *       here;
 *   <li>the sandbox's compressed clock ({@code cadence}, tightened to the scenarios' 8 s windows,
 *       and the gates' {@code min_traffic} / {@code max_staleness}, {@code kpi} / {@code closeout}
 *       coverage, and the OPA stand-in's decision p95 target, as it answers from this JVM on shared
 *       cores), read from the built-in {@code sandbox.yaml}: the production cadence takes 45 min of
 *       gate checks and 24 h of KPI watch; the rules and thresholds stay the example's, {@code
 *       max_above_baseline: 20%} included;
 *   <li>what a person gives per run ({@code attestations}; the release's policy bundle revision,
 *       {@code preflight.opa_expected_revision_from}, which the example leaves to each release),
 *       the identity provider's login form ({@code oidc.login}) and where the goldens read and
 *       write (the sandbox's seeded tenants);
 *   <li>where this run writes (evidence directory), so it does not mix with the main job's;
 *   <li>the API's own answer time ({@link #SERVICE_TIME}): the loopback API answers in a few ms,
 *       where the baseline-relative p95 rule would judge the test machine's scheduling;
 *   <li>the rollback script: the example names the release repository's {@code
 *       ./scripts/cutover/emergency-rollback.sh}, which T-15's "Rollback can execute" requires to
 *       exist; a stand-in that exits 0 takes its place.
 * </ul>
 *
 * The ledger stays the example's {@code configmap} store, in the sandbox's Kubernetes API.
 */
public final class ProductionExampleRun {

  static final Duration SERVICE_TIME = Duration.ofMillis(30);

  private ProductionExampleRun() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(dir);
    int failed;
    java.util.concurrent.atomic.AtomicReference<StartedApi> api =
        new java.util.concurrent.atomic.AtomicReference<>();
    // the example judges api_p95 against its T-30 baseline (max_above_baseline: 20%): an API
    // answering in tens of ms, as production does, so the rule judges the API and not this shared
    // machine's scheduling (at the loopback's 5 ms p95, 20 % is one busy millisecond)
    ReferenceApiLauncher reference = new ReferenceApiLauncher().withServiceTime(SERVICE_TIME);
    try (SandboxResource resource =
        SandboxResource.start(
            SandboxOptions.defaults()
                .withApi(
                    context -> {
                      StartedApi started = reference.start(context);
                      api.set(started);
                      return started;
                    }),
            0)) {
      Sandbox sandbox = resource.sandbox();
      Map<String, String> properties = properties(sandbox, dir);
      // the example's canary_api is the canary's own Service; here, the canary track's own listener
      properties.put(
          "cutover.endpoints.canary_api",
          api.get().trackMetrics().get("canary").resolve("/").toString());
      properties.forEach(System::setProperty);
      Duration window =
          Duration.ofSeconds(
              Long.parseLong(properties.get("cutover.cadence.rate_window").replace("s", "")));
      BoundedWait.named(
              "sandbox warm-up: one %d s rate window of traffic".formatted(window.toSeconds()))
          .soak(window);

      EngineExecutionResults results =
          EngineTestKit.engine("junit-jupiter")
              .selectors(selectPackage("io.intelgraph.cutover.runofshow"))
              .configurationParameter(
                  "junit.jupiter.testclass.order.default", PhaseOrder.class.getName())
              .execute();
      results.testEvents().failed().stream()
          .forEach(
              event ->
                  System.out.println(
                      "[prod.example] FAILED "
                          + event.getTestDescriptor().getDisplayName()
                          + ": "
                          + event
                              .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                              .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                              .map(Throwable::getMessage)
                              .orElse("")));
      results.testEvents().skipped().stream()
          .forEach(
              event ->
                  System.out.println(
                      "[prod.example] SKIPPED "
                          + event.getTestDescriptor().getDisplayName()
                          + ": "
                          + event.getPayload(String.class).orElse("")));
      failed = (int) results.testEvents().failed().count();
      System.out.printf(
          "[prod.example] checks: %d succeeded, %d failed, %d skipped%n",
          results.testEvents().succeeded().count(), failed, results.testEvents().skipped().count());

      Ledger ledger =
          new ConfigMapLedgerStore(
                  sandbox.kubernetes(),
                  "intelgraph-maestro",
                  "maestro-cutover-ledger",
                  "v1.0.0-GA",
                  Clock.systemUTC(),
                  5)
              .read();
      Path copy = dir.resolve("ledger.json");
      Files.deleteIfExists(copy);
      new FileLedgerStore(copy, ledger.releaseTag(), Clock.systemUTC()).update(ignored -> ledger);
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  static Map<String, String> properties(Sandbox sandbox, Path dir) throws Exception {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("cutover.env", "prod.example");
    sandbox.configOverrides().forEach((key, value) -> properties.put("cutover." + key, value));
    JsonNode sandboxFile = sandboxYaml();
    for (String section : List.of("cadence", "kpi", "closeout", "attestations")) {
      flatten("cutover." + section, sandboxFile.get(section), properties);
    }
    // the scenarios' tighter windows (seconds, as the warm-up reads them)
    properties.putAll(ScenarioRuns.CADENCE);
    sandboxFile
        .get("gates")
        .properties()
        .forEach(
            gate ->
                gate.getValue()
                    .properties()
                    .forEach(
                        key ->
                            properties.put(
                                "cutover.gates.%s.%s".formatted(gate.getKey(), key.getKey()),
                                key.getValue().asString())));
    flatten("cutover.oidc.login", sandboxFile.get("oidc").get("login"), properties);
    flatten(
        "cutover.preflight.opa_expected_revision_from",
        sandboxFile.get("preflight").get("opa_expected_revision_from"),
        properties);
    properties.put(
        "cutover.preflight.opa_max_p95",
        sandboxFile.get("preflight").get("opa_max_p95").asString());
    // the sandbox's API labels its status code status_code, not the runbook's status: set as any
    // such production would
    properties.put(
        "cutover.prometheus.labels.status",
        sandboxFile.get("prometheus").get("labels").get("status").asString());
    properties.put(
        "cutover.rollback.verify_timeout",
        sandboxFile.get("rollback").get("verify_timeout").asString());
    properties.put("cutover.goldens.samples", sandboxFile.get("goldens").get("samples").asString());
    properties.put("cutover.goldens.tenant", SeedData.TENANT_A);
    properties.put("cutover.goldens.other_tenant", SeedData.TENANT_B);
    properties.put("cutover.goldens.seed_entity_id", SeedData.TENANT_A_ROOT);
    properties.put("cutover.evidence.directory", dir.resolve("evidence").toString());
    properties.put("cutover.attempt", "new");
    // the example's rollback.script path is the release repository's; here a stand-in that only
    // exits 0 takes its place
    Path script =
        Files.writeString(
            dir.resolve("emergency-rollback.sh"), "#!/bin/sh\necho \"emergency rollback $*\"\n");
    Files.setPosixFilePermissions(
        script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    properties.put("cutover.rollback.script", script + " full");
    return properties;
  }

  private static JsonNode sandboxYaml() throws Exception {
    try (InputStream in =
        ProductionExampleRun.class.getResourceAsStream("/environments/sandbox.yaml")) {
      return new YAMLMapper().readTree(in);
    }
  }

  /**
   * Scalars and lists of scalars as dotted keys; lists as the loader reads an override:
   * comma-separated.
   */
  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node == null) return;
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(prefix + "." + e.getKey(), e.getValue(), into));
    } else if (node.isArray()) {
      List<String> items = new java.util.ArrayList<>();
      node.forEach(item -> items.add(item.asString()));
      into.put(prefix, String.join(",", items));
    } else {
      into.put(prefix, node.asString());
    }
  }
}
