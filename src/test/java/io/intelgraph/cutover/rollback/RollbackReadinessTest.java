package io.intelgraph.cutover.rollback;

import static io.intelgraph.cutover.rollback.MockCluster.CANARY;
import static io.intelgraph.cutover.rollback.MockCluster.NS;
import static io.intelgraph.cutover.rollback.MockCluster.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.cluster.AccessRequest;
import io.intelgraph.cutover.cluster.AccessReview;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class RollbackReadinessTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  KubernetesClient client;
  @TempDir Path dir;
  MockCluster cluster;

  @BeforeEach
  void canaryAtTwentyPercent() {
    cluster = new MockCluster(client).seed(20);
    ready(STABLE, 3);
    ready(CANARY, 1);
  }

  @Test
  void theRequestsComeFromThePlansActionsTrafficAndTheScaleSubresource() {
    Environment env = cluster.environment(Map.of());
    List<String> asked =
        RollbackPlan.of(env, client, List.of()).requests().stream()
            .map(AccessRequest::describe)
            .toList();
    assertThat(asked)
        .containsExactly(
            "get ingresses.networking.k8s.io/intelgraph-maestro-ingress -n intelgraph-maestro",
            "patch ingresses.networking.k8s.io/intelgraph-maestro-ingress -n intelgraph-maestro",
            "get httproutes.gateway.networking.k8s.io/intelgraph-api -n intelgraph-maestro",
            "update httproutes.gateway.networking.k8s.io/intelgraph-api -n intelgraph-maestro",
            "get deployments.apps/intelgraph-api-canary -n intelgraph-maestro",
            "get deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro",
            "update deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro");
  }

  @Test
  void everythingAllowedScriptExecutableAndStableReadyPasses() throws Exception {
    RollbackReadiness.Report report =
        readiness(Map.of("cutover.rollback.script", script(true) + " full"), r -> allowed(r))
            .check();
    assertThat(report.problems()).as(report.describe()).isEmpty();
    assertThat(report.observedAt()).isEqualTo(NOW);
    assertThat(report.describe())
        .contains(
            "the rollback can execute",
            "can-i update deployments.apps/intelgraph-api-canary --subresource=scale",
            "exists, executable",
            "stable intelgraph-api: 3 ready, needs 1");
  }

  @Test
  void aRefusedScaleFailsNamingTheRequestAndTheRole() {
    RollbackReadiness.Report report =
        readiness(
                Map.of(),
                r ->
                    r.subresource().equals("scale") && r.verb().equals("update")
                        ? denied(r)
                        : allowed(r))
            .check();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .contains("does not allow 1 of the 7 requests")
        .contains(
            "can-i update deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro: no")
        .contains("Role maestro-cutover-rollback");
  }

  @Test
  void aReviewThatCannotBeMadeIsNeverAllowed() {
    RollbackReadiness.Report report =
        readiness(
                Map.of(),
                r ->
                    new AccessReview.Answer(
                        r,
                        false,
                        "the SelfSubjectAccessReview failed: HTTP 401 Unauthorized",
                        true))
            .check();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .contains("does not allow 7 of the 7")
        .contains("no answer (the SelfSubjectAccessReview failed: HTTP 401");
  }

  @Test
  void aMissingOrNonExecutableScriptFails() throws Exception {
    assertThat(
            readiness(
                    Map.of("cutover.rollback.script", dir.resolve("nope.sh") + " full"),
                    this::allowed)
                .check()
                .problems())
        .singleElement()
        .asString()
        .contains("nope.sh does not exist")
        .contains("rollback.script");
    assertThat(
            readiness(Map.of("cutover.rollback.script", script(false).toString()), this::allowed)
                .check()
                .problems())
        .singleElement()
        .asString()
        .contains("is not executable; chmod +x it");
  }

  @Test
  void stableNeedsTheConfiguredMinimumElseTheCanarysReadyReplicas() {
    ready(CANARY, 4);
    assertThat(readiness(Map.of(), this::allowed).check().problems())
        .singleElement()
        .asString()
        .contains(
            "stable cannot take all traffic back: stable intelgraph-api: 3 ready, needs 4 (the canary's ready replicas")
        .contains("kubectl scale deployment/intelgraph-api --replicas=4");
    assertThat(
            readiness(Map.of("cutover.rollback.min_stable_ready", "3"), this::allowed)
                .check()
                .problems())
        .isEmpty();
    assertThat(
            readiness(Map.of("cutover.rollback.min_stable_ready", "5"), this::allowed)
                .check()
                .problems())
        .singleElement()
        .asString()
        .contains("needs 5 (rollback.min_stable_ready)");
  }

  @Test
  void aStableWithNoReadyReplicaNeverPassesEvenWithoutACanary() {
    ready(CANARY, 0);
    ready(STABLE, 0);
    assertThat(readiness(Map.of(), this::allowed).check().problems())
        .singleElement()
        .asString()
        .contains("0 ready, needs 1");
  }

  private RollbackReadiness readiness(
      Map<String, String> properties, Function<AccessRequest, AccessReview.Answer> canI) {
    Environment env = cluster.environment(new HashMap<>(properties));
    return new RollbackReadiness(
        RollbackPlan.of(env, client, List.of()).requests(),
        canI,
        new Deployments(client, NS),
        STABLE,
        CANARY,
        env.rollback(),
        dir,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private AccessReview.Answer allowed(AccessRequest request) {
    return new AccessReview.Answer(request, true, "RBAC: allowed", false);
  }

  private AccessReview.Answer denied(AccessRequest request) {
    return new AccessReview.Answer(request, false, "", false);
  }

  private Path script(boolean executable) throws Exception {
    Path script =
        Files.writeString(
            dir.resolve(executable ? "rollback.sh" : "rollback-plain.sh"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(
        script, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    return script;
  }

  private void ready(String deployment, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(deployment)
        .edit(
            d -> {
              d.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                      .withReadyReplicas(replicas)
                      .withReplicas(replicas)
                      .build());
              return d;
            });
  }
}
