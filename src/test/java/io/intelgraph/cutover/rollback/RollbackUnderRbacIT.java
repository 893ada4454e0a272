package io.intelgraph.cutover.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.KubernetesClients;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback against an API server that enforces the shipped RBAC, as the runner's
 * ServiceAccount: it completes with the shipped Role, and fails loudly (FAILED, the 403 named) when
 * the scale grant is gone.
 */
class RollbackUnderRbacIT {

  @TempDir Path dir;
  private KubernetesSandbox cluster;
  private Environment env;
  private KubernetesClient runner;

  @BeforeEach
  void start() throws Exception {
    cluster = KubernetesSandbox.withoutOidc();
    Map<String, String> properties = new HashMap<>();
    properties.put("cutover.config", MockCluster.config().toString());
    properties.put("cutover.endpoints.kubernetes", cluster.masterUrl().toString());
    properties.put(
        "cutover.cluster.token.file",
        Files.writeString(dir.resolve("token"), cluster.serviceAccountToken()).toString());
    env = new EnvironmentLoader(properties, Map.of(), Path.of("").toAbsolutePath()).load();
    runner = KubernetesClients.forEnvironment(env);
  }

  @AfterEach
  void stop() {
    if (runner != null) runner.close();
    cluster.close();
  }

  private RollbackOutcome rollback() {
    FileLedgerStore ledger =
        new FileLedgerStore(dir.resolve("ledger.json"), env.release().tag(), Clock.systemUTC());
    return new Rollback(
            ledger,
            RollbackPlan.of(env, runner, List.of()),
            env.name(),
            false,
            "rbac-it",
            env.rollback().lease(),
            Clock.systemUTC())
        .trigger("api_p95 RED", "RollbackUnderRbacIT");
  }

  @Test
  void theShippedRoleAllowsTheWholeRollback() {
    RollbackOutcome outcome = rollback();
    assertThat(outcome.record().state())
        .as(outcome.describe())
        .isEqualTo(RollbackRecord.State.DONE);
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace(ClusterNames.NAMESPACE)
                .withName(ClusterNames.CANARY_DEPLOYMENT)
                .get()
                .getSpec()
                .getReplicas())
        .isZero();
    assertThat(cluster.denials()).as("requests the API server refused").isEmpty();
  }

  /**
   * Reading the scale subresource stays allowed (the built-in view ClusterRole has it); writing it
   * is what fails.
   */
  @Test
  void withoutTheScaleGrantTheRollbackFailsNamingThe403() {
    cluster.revokeFromShippedRoles("deployments/scale");
    RollbackOutcome outcome = rollback();

    assertThat(outcome.record().state())
        .as(outcome.describe())
        .isEqualTo(RollbackRecord.State.FAILED);
    ActionResult scale =
        outcome.record().actions().stream()
            .filter(a -> a.action().equals("scale"))
            .findFirst()
            .orElseThrow();
    assertThat(scale.status()).isEqualTo(ActionResult.Status.FAILED);
    assertThat(scale.detail())
        .contains("403")
        .contains(
            "deployments.apps \"intelgraph-api-canary\" is forbidden: User \"system:serviceaccount:intelgraph-maestro:maestro-cutover\""
                + " cannot update resource \"deployments/scale\" in API group \"apps\" in the namespace \"intelgraph-maestro\"");
    assertThat(cluster.denials()).singleElement().asString().contains("deployments/scale");
  }
}
