package io.intelgraph.cutover.ci;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The pipeline templates in ci/ parse, name only real phases, and run them in run-of-show order.
 */
class CiTemplatesTest {

  static final List<String> PHASES =
      List.of("baseline", "preflight", "canary", "ramp", "gate", "evidence", "kpi", "closeout");
  static final Pattern GROUPS = Pattern.compile("-Dgroups=([A-Za-z0-9_-]+)");
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  static JsonNode read(String file) throws IOException {
    return YAML.readTree(Files.readString(Path.of(file)));
  }

  /** The phase a Maven command runs, after checking it is the cutover profile's verify. */
  static String phaseOf(String where, String command) {
    assertThat(command)
        .as("%s runs the cutover profile", where)
        .matches("(?s).*\\bmvn\\b.*\\sverify\\s.*-Pcutover\\b.*")
        .contains("-Dcutover.env=prod");
    Matcher groups = GROUPS.matcher(command);
    assertThat(groups.find()).as("%s selects a phase with -Dgroups", where).isTrue();
    String phase = groups.group(1);
    assertThat(groups.find()).as("%s selects exactly one phase", where).isFalse();
    assertThat(PHASES).as("%s names a real phase", where).contains(phase);
    return phase;
  }

  static List<String> mavenCommands(JsonNode steps) {
    List<String> commands = new ArrayList<>();
    for (JsonNode step : steps) {
      String run = step.isString() ? step.asString() : step.path("run").asString("");
      if (run.matches("(?s).*\\bmvn\\b.*")) commands.add(run);
    }
    return commands;
  }

  @Test
  void gitHubRunsEveryPhaseInOrderBehindItsEnvironment() throws IOException {
    JsonNode workflow = read("ci/github/cutover.yml");
    JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
    JsonNode jobs = workflow.get("jobs");

    assertThat(on.has("workflow_dispatch")).isTrue();
    assertThat(on.path("schedule").get(0).path("cron").asString()).isEqualTo("*/15 * * * *");

    Map<String, String> phaseByJob = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> job : jobs.properties()) {
      List<String> commands = mavenCommands(job.getValue().path("steps"));
      assertThat(commands).as("job %s runs one Maven phase", job.getKey()).hasSize(1);
      phaseByJob.put(job.getKey(), phaseOf("job " + job.getKey(), commands.get(0)));
    }

    List<String> chain = new ArrayList<>();
    String current = "baseline";
    while (current != null) {
      JsonNode job = jobs.get(current);
      assertThat(phaseByJob.get(current))
          .as("job %s runs its own phase", current)
          .isEqualTo(current);
      assertThat(job.path("environment").asString())
          .as("job %s waits for approval", current)
          .isEqualTo("cutover-" + current);
      assertThat(job.path("if").asString()).contains("workflow_dispatch");
      chain.add(current);
      String previous = current;
      current = null;
      for (Map.Entry<String, JsonNode> next : jobs.properties()) {
        if (next.getValue().path("needs").asString("").equals(previous)) current = next.getKey();
      }
    }
    assertThat(chain).containsExactlyElementsOf(PHASES);

    assertThat(phaseByJob).containsEntry("scheduled-gate", "gate").hasSize(PHASES.size() + 1);
    assertThat(jobs.get("scheduled-gate").path("if").asString())
        .contains("github.event_name == 'schedule'");

    String evidenceSteps = jobs.get("evidence").path("steps").toString();
    assertThat(evidenceSteps)
        .contains(
            "actions/upload-artifact",
            "target/cutover-evidence-*.zip",
            "gh release upload \\\"$RELEASE_TAG\\\" target/cutover-evidence-*.zip");
    assertThat(jobs.get("closeout").path("steps").toString())
        .as("the day-3 record needs the T+120 bundle it is chained to, and is attached too")
        .contains(
            "\"name\":\"cutover-evidence-bundle\"",
            "target/cutover-closeout-*.zip",
            "gh release upload \\\"$RELEASE_TAG\\\" target/cutover-closeout-*.zip");
    assertThat(jobs.get("baseline").path("steps").toString()).contains("CUTOVER_KUBECONFIG_B64");
  }

  @Test
  void gitLabHasOneManualStagePerPhaseInOrderAndAScheduledGate() throws IOException {
    JsonNode pipeline = read("ci/gitlab/.gitlab-ci.yml");
    List<String> stages = new ArrayList<>();
    pipeline.get("stages").forEach(stage -> stages.add(stage.asString()));

    assertThat(stages).containsExactlyElementsOf(PHASES);

    Map<String, String> phaseByJob = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : pipeline.properties()) {
      JsonNode job = resolve(pipeline, entry.getValue());
      if (entry.getKey().startsWith(".") || !job.has("stage")) continue;
      assertThat(PHASES)
          .as("job %s is in a real stage", entry.getKey())
          .contains(job.get("stage").asString());
      List<String> commands = mavenCommands(job.path("script"));
      if (commands.isEmpty()) continue;
      String phase = phaseOf("job " + entry.getKey(), commands.get(0));
      assertThat(phase)
          .as("job %s runs its stage's phase", entry.getKey())
          .isEqualTo(job.get("stage").asString());
      phaseByJob.put(entry.getKey(), phase);
      if (!entry.getKey().equals("scheduled-gate")) {
        assertThat(job.path("rules").toString())
            .as("job %s needs a person to start it", entry.getKey())
            .contains("\"when\":\"manual\"");
        assertThat(job.path("allow_failure").asBoolean(true))
            .as("job %s blocks later stages", entry.getKey())
            .isFalse();
      }
    }
    assertThat(phaseByJob.keySet())
        .containsExactly(
            "baseline",
            "preflight",
            "canary",
            "ramp",
            "gate",
            "evidence",
            "kpi",
            "closeout",
            "scheduled-gate");
    assertThat(pipeline.get("scheduled-gate").path("rules").toString())
        .contains("$CI_PIPELINE_SOURCE == \\\"schedule\\\"");
    assertThat(pipeline.get("attach-evidence").path("script").toString())
        .contains("glab release upload \\\"$RELEASE_TAG\\\" target/cutover-evidence-*.zip");
    assertThat(pipeline.get("closeout").path("artifacts").toString())
        .contains("target/cutover-closeout-*.zip");
    assertThat(pipeline.get("attach-closeout").path("script").toString())
        .contains("glab release upload \\\"$RELEASE_TAG\\\" target/cutover-closeout-*.zip");
  }

  /** A job with its `extends` template's keys filled in (one level, as these templates use it). */
  static JsonNode resolve(JsonNode pipeline, JsonNode job) {
    if (!job.isObject() || !job.has("extends")) return job;
    ObjectNode merged = ((ObjectNode) pipeline.get(job.get("extends").asString())).deepCopy();
    job.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
    return merged;
  }

  record Rule(String apiGroup, String resource, Set<String> names, Set<String> verbs) {}

  @Test
  void theInClusterJobMayChangeExactlyWhatTheRollbackChanges() throws IOException {
    Environment prod = io.intelgraph.cutover.config.TestEnvironments.prodExample(Map.of());
    List<JsonNode> docs =
        YAML.readerFor(JsonNode.class)
            .<JsonNode>readValues(Files.readString(Path.of("ci/k8s/cutover-phase-job.yaml")))
            .readAll();
    Map<String, JsonNode> byKindAndName = new LinkedHashMap<>();
    docs.forEach(
        doc ->
            byKindAndName.put(
                doc.path("kind").asString() + "/" + doc.path("metadata").path("name").asString(),
                doc));

    assertThat(byKindAndName.keySet())
        .containsExactly(
            "ServiceAccount/maestro-cutover",
            "Role/maestro-cutover-rollback",
            "Role/maestro-cutover-read",
            "RoleBinding/maestro-cutover-read",
            "RoleBinding/maestro-cutover-rollback",
            "RoleBinding/maestro-cutover-view",
            "Job/maestro-cutover-gate");
    docs.forEach(
        doc ->
            assertThat(doc.path("metadata").path("namespace").asString())
                .isEqualTo(prod.cluster().namespace()));

    Set<Rule> rules = new java.util.HashSet<>();
    for (JsonNode rule : byKindAndName.get("Role/maestro-cutover-rollback").get("rules")) {
      for (JsonNode group : rule.get("apiGroups")) {
        for (JsonNode resource : rule.get("resources")) {
          rules.add(
              new Rule(
                  group.asString(),
                  resource.asString(),
                  strings(rule.path("resourceNames")),
                  strings(rule.get("verbs"))));
        }
      }
    }
    assertThat(rules)
        .containsExactlyInAnyOrder(
            new Rule(
                "networking.k8s.io",
                "ingresses",
                Set.of(prod.cluster().ingress()),
                Set.of("get", "patch")),
            // the HTTPRoute the sandbox and most Gateway API set-ups name after the stable service
            // (cluster.http_route)
            new Rule(
                "gateway.networking.k8s.io",
                "httproutes",
                Set.of(prod.cluster().stableService()),
                Set.of("get", "update")),
            // the scale subresource, as `kubectl scale` uses it: only the canary is ever scaled
            new Rule(
                "apps",
                "deployments/scale",
                Set.of(prod.cluster().canaryDeployment()),
                Set.of("get", "update")),
            new Rule(
                "",
                "configmaps",
                Set.of(prod.ledger().configMap()),
                Set.of("get", "patch", "update")),
            new Rule("", "configmaps", Set.of(), Set.of("create")));

    JsonNode rollbackBinding = byKindAndName.get("RoleBinding/maestro-cutover-rollback");
    assertThat(rollbackBinding.path("roleRef").path("kind").asString()).isEqualTo("Role");
    assertThat(rollbackBinding.path("subjects").get(0).path("name").asString())
        .isEqualTo("maestro-cutover");
    JsonNode viewBinding = byKindAndName.get("RoleBinding/maestro-cutover-view");
    assertThat(
            viewBinding.path("roleRef").path("kind").asString()
                + "/"
                + viewBinding.path("roleRef").path("name").asString())
        .as("reading is the built-in read-only role")
        .isEqualTo("ClusterRole/view");

    JsonNode job = byKindAndName.get("Job/maestro-cutover-gate");
    JsonNode pod = job.path("spec").path("template").path("spec");
    assertThat(job.path("spec").path("backoffLimit").asInt(-1))
        .as("a phase is never retried by Kubernetes")
        .isZero();
    assertThat(pod.path("serviceAccountName").asString()).isEqualTo("maestro-cutover");
    JsonNode container = pod.path("containers").get(0);
    List<String> command = new ArrayList<>();
    container.path("command").forEach(c -> command.add(c.asString()));
    container.path("args").forEach(c -> command.add(c.asString()));
    String phase = phaseOf("the Job", String.join(" ", command));
    assertThat(phase)
        .isEqualTo(
            job.path("metadata").path("labels").path("cutover.intelgraph.io/phase").asString());
  }

  static Set<String> strings(JsonNode list) {
    Set<String> values = new TreeSet<>();
    list.forEach(v -> values.add(v.asString()));
    return values;
  }
}
