package io.intelgraph.cutover.sandbox.cluster;

import static io.intelgraph.cutover.sandbox.cluster.ClusterNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.intelgraph.cutover.cluster.AccessRequest;
import io.intelgraph.cutover.cluster.AccessReview;
import io.intelgraph.cutover.cluster.Deployments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's API server enforces the RBAC the suite ships in ci/k8s, for the identity the run of
 * show uses.
 */
class KubernetesRbacIT {

  private static final String USER = "system:serviceaccount:intelgraph-maestro:maestro-cutover";

  private KubernetesSandbox cluster;
  private KubernetesClient runner;

  @BeforeEach
  void start() {
    cluster = KubernetesSandbox.withoutOidc();
    runner = cluster.serviceAccountClient();
  }

  @AfterEach
  void stop() {
    runner.close();
    cluster.close();
  }

  @Test
  void aRequestOutsideTheRoleIsForbiddenWithTheApiServersStatus() {
    assertThatThrownBy(
            () ->
                runner
                    .apps()
                    .deployments()
                    .inNamespace(NAMESPACE)
                    .withName(CANARY_DEPLOYMENT)
                    .edit(
                        d -> {
                          d.getSpec().setReplicas(0);
                          return d;
                        }))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      ("deployments.apps \"intelgraph-api-canary\" is forbidden: User \"%s\" cannot patch"
                              + " resource \"deployments\" in API group \"apps\" in the namespace \"intelgraph-maestro\"")
                          .formatted(USER));
            });
    assertThat(cluster.denials())
        .singleElement()
        .asString()
        .contains("cannot patch resource \"deployments\"");
  }

  @Test
  void noSecretIsReadableByNameOnlyHelmsRecordsAreListedForTheLock() {
    assertThatThrownBy(
            () -> runner.secrets().inNamespace(NAMESPACE).withName("postgres-credentials").get())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getMessage())
                    .contains(
                        "cannot get resource \"secrets\" in API group \"\" in the namespace \"intelgraph-maestro\""));
    // the opt-in ci/k8s/cutover-lock-rbac.yaml: the lock line lists the release records by label
    assertThat(runner.secrets().inNamespace(NAMESPACE).withLabel("owner", "helm").list().getItems())
        .extracting(secret -> secret.getMetadata().getName())
        .containsExactly("sh.helm.release.v1.intelgraph-maestro.v1");
  }

  @Test
  void theScaleSubresourceIsAllowedOnTheNamedDeploymentsOnly() {
    new Deployments(runner, NAMESPACE).scale(CANARY_DEPLOYMENT, 0);
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(CANARY_DEPLOYMENT)
                .get()
                .getSpec()
                .getReplicas())
        .isZero();
    assertThatThrownBy(() -> new Deployments(runner, NAMESPACE).scale(OPA_DEPLOYMENT, 0))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getMessage())
                    .contains("deployments.apps \"opa\" is forbidden")
                    .contains("resource \"deployments/scale\""));
  }

  @Test
  void noTokenIsUnauthorized() {
    try (KubernetesClient anonymous =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                    .withMasterUrl(cluster.masterUrl().toString())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      assertThatThrownBy(() -> anonymous.apps().deployments().inNamespace(NAMESPACE).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void aSelfSubjectAccessReviewAnswersFromTheSameRules() {
    assertThat(
            canI(runner, "update", "apps", "deployments", "scale", CANARY_DEPLOYMENT)
                .getStatus()
                .getAllowed())
        .isTrue();
    SelfSubjectAccessReview deployments =
        canI(runner, "patch", "apps", "deployments", "", CANARY_DEPLOYMENT);
    assertThat(deployments.getStatus().getAllowed()).isFalse();
    assertThat(
            canI(cluster.client(), "patch", "apps", "deployments", "", CANARY_DEPLOYMENT)
                .getStatus()
                .getAllowed())
        .as("the sandbox's own admin client")
        .isTrue();
    cluster.revokeFromShippedRoles("deployments/scale");
    assertThat(
            canI(runner, "update", "apps", "deployments", "scale", CANARY_DEPLOYMENT)
                .getStatus()
                .getAllowed())
        .as("after the scale grant is removed")
        .isFalse();
  }

  @Test
  void theSuitesAccessReviewAsksTheServerAndNeverReadsAFailedReviewAsAllowed() {
    AccessRequest scale =
        new AccessRequest("update", "apps", "deployments", "scale", NAMESPACE, CANARY_DEPLOYMENT);
    AccessReview.Answer allowed = new AccessReview(runner).ask(scale);
    assertThat(allowed.allowed()).as(allowed.describe()).isTrue();
    assertThat(allowed.describe())
        .isEqualTo(
            ("can-i update deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro: yes"
                + " (RBAC: allowed by RoleBinding \"maestro-cutover-rollback/intelgraph-maestro\" of Role \"maestro-cutover-rollback\" to ServiceAccount \"maestro-cutover/intelgraph-maestro\")"));
    AccessReview.Answer denied =
        new AccessReview(runner)
            .ask(AccessRequest.on("patch", "apps", "deployments", NAMESPACE, CANARY_DEPLOYMENT));
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.error()).isFalse();
    try (KubernetesClient anonymous =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                    .withMasterUrl(cluster.masterUrl().toString())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      AccessReview.Answer unanswered = new AccessReview(anonymous).ask(scale);
      assertThat(unanswered.allowed()).isFalse();
      assertThat(unanswered.error()).isTrue();
      assertThat(unanswered.describe())
          .contains(": no answer (the SelfSubjectAccessReview at")
          .contains("failed: HTTP 401");
    }
  }

  private static SelfSubjectAccessReview canI(
      KubernetesClient client,
      String verb,
      String group,
      String resource,
      String subresource,
      String name) {
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(
            new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withNamespace(NAMESPACE)
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withSubresource(subresource)
                .withName(name)
                .endResourceAttributes()
                .endSpec()
                .build());
  }
}
