package io.intelgraph.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.HelmRelease;
import io.intelgraph.cutover.cluster.HelmReleases;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.canary.CanaryRollout;
import io.intelgraph.cutover.runbook.ramp.LockedConfiguration;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's deploy-canary and lock scripts really change its cluster, through the API server as
 * the deploy pipeline's ServiceAccount (RBAC enforced), and the T-0 rollout and lock lines, acting
 * as the suite's ServiceAccount, verify what they did; fault {@code lock-keeps-canary} fails the
 * lock line for the values and the weights.
 */
class DeployScriptsIT {

  @TempDir Path dir;

  private KubernetesSandbox cluster;
  private KubernetesClient suite;
  private final FaultSwitch faults = new FaultSwitch();
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private LineContext context;

  @BeforeEach
  void start() throws Exception {
    cluster = KubernetesSandbox.withoutOidc();
    suite = cluster.serviceAccountClient();
    Map<String, String> properties = new HashMap<>();
    properties.put(
        "cutover.config", Path.of("src/test/resources/selftest.yaml").toAbsolutePath().toString());
    properties.put("cutover.endpoints.kubernetes", cluster.masterUrl().toString());
    properties.put("cutover.cadence.rollout_timeout", "20s");
    Path work = Files.createDirectory(dir.resolve("work"));
    Sandbox.deployScripts(work, cluster, faults, running)
        .forEach((key, value) -> properties.put("cutover." + key, value));
    Environment env =
        new EnvironmentLoader(properties, Map.of(), Path.of("").toAbsolutePath()).load();
    Clock clock = Clock.systemUTC();
    context =
        new LineContext(
            env, suite, new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock), clock);
  }

  @AfterEach
  void stop() throws Exception {
    while (!running.isEmpty()) running.pop().close();
    suite.close();
    cluster.close();
  }

  @Test
  void theScriptsChangeTheClusterAndTheLinesVerifyIt() {
    LineReport rollout = new CanaryRollout().run(context);
    assertThat(rollout.passed()).as(rollout.describe()).isTrue();
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace(ClusterNames.NAMESPACE)
                .withName(ClusterNames.CANARY_DEPLOYMENT)
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .containsEntry("app.kubernetes.io/version", "v1.0.0-GA");

    LineReport lock = new LockedConfiguration().run(context);

    assertThat(lock.passed()).as(lock.describe()).isTrue();
    HelmRelease release =
        new HelmReleases(cluster.client(), ClusterNames.NAMESPACE)
            .latest(ClusterNames.HELM_RELEASE)
            .orElseThrow();
    assertThat(release.version()).isEqualTo(2);
    assertThat(release.value("ingress.traffic.canary.enabled")).contains("false");
    TrafficRouter router = new TrafficRouter(cluster.client(), context.environment().cluster());
    assertThat(router.ingressWeights())
        .containsEntry(ClusterNames.CANARY_SERVICE, 100)
        .containsEntry(ClusterNames.STABLE_SERVICE, 0);
    assertThat(router.httpRouteCanaryPercent()).hasValue(100);
    assertThat(cluster.denials()).as("requests the API server refused").isEmpty();
  }

  @Test
  void aLockThatKeepsCanaryRoutingOnFailsTheLockLine() {
    faults.activate(Fault.LOCK_KEEPS_CANARY);

    LineReport lock = new LockedConfiguration().run(context);

    assertThat(lock.status()).isEqualTo(LineReport.Status.FAILED);
    assertThat(lock.problems())
        .containsExactly(
            "Helm release intelgraph-maestro v2 deployed (Secret"
                + " sh.helm.release.v1.intelgraph-maestro.v2) has values"
                + " ingress.traffic.canary.enabled=true, the lock sets false; canary routing is still"
                + " on in the chart (the lock command must --set ingress.traffic.canary.enabled=false)",
            "ingress intelgraph-maestro/intelgraph-maestro-ingress sends 90 % to the canary"
                + " intelgraph-api-canary; locked means all traffic to it",
            "ingress intelgraph-maestro/intelgraph-maestro-ingress still sends 10 % to"
                + " intelgraph-api; locked means 0 to every other group",
            "HTTPRoute intelgraph-api sends 90 % to the canary; locked means 100");
    assertThat(context.ledger().read().lockedStep()).isEmpty();
  }
}
