package io.intelgraph.cutover.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.intelgraph.cutover.sandbox.cluster.RbacPolicy.Identity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule matching as the RBAC authorizer does it
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/), and the shipped grants.
 */
class RbacPolicyTest {

  private static final Identity RUNNER =
      Identity.serviceAccount("intelgraph-maestro", "maestro-cutover");

  /** rule (verbs; groups; resources; names) x request -> match. */
  @ParameterizedTest(name = "[{0}] [{1}] [{2}] [{3}] vs {4} {5} -> {6}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      get,update | apps               | deployments/scale | api      | PUT    | /apis/apps/v1/namespaces/ns/deployments/api/scale     | true
      get,update | apps               | deployments/scale | api      | PATCH  | /apis/apps/v1/namespaces/ns/deployments/api/scale     | false
      get,update | apps               | deployments/scale | api      | PATCH  | /apis/apps/v1/namespaces/ns/deployments/api           | false
      get,update | apps               | deployments/scale | api      | PUT    | /apis/apps/v1/namespaces/ns/deployments/other/scale   | false
      *          | apps               | deployments       | -        | PATCH  | /apis/apps/v1/namespaces/ns/deployments/api           | true
      *          | apps               | deployments       | -        | PUT    | /apis/apps/v1/namespaces/ns/deployments/api/scale     | false
      update     | apps               | */scale           | -        | PUT    | /apis/apps/v1/namespaces/ns/deployments/api/scale     | true
      update     | *                  | *                 | -        | PUT    | /apis/apps/v1/namespaces/ns/deployments/api/scale     | true
      get        | ''                 | configmaps        | ledger   | GET    | /api/v1/namespaces/ns/configmaps/ledger               | true
      get        | ''                 | configmaps        | ledger   | GET    | /api/v1/namespaces/ns/configmaps                      | false
      list       | ''                 | configmaps        | ledger   | GET    | /api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Dledger | true
      create     | ''                 | configmaps        | ledger   | POST   | /api/v1/namespaces/ns/configmaps                      | false
      create     | ''                 | configmaps        | -        | POST   | /api/v1/namespaces/ns/configmaps                      | true
      get        | apps               | deployments       | -        | GET    | /apis/extensions/v1beta1/namespaces/ns/deployments/a  | false
      create     | ''                 | pods/eviction     | -        | POST   | /api/v1/namespaces/ns/pods/p/eviction                 | true
      create     | ''                 | pods              | -        | POST   | /api/v1/namespaces/ns/pods/p/eviction                 | false
      """)
  void rulesMatchAsTheRbacAuthorizerMatches(
      String verbs,
      String groups,
      String resources,
      String names,
      String method,
      String path,
      boolean allowed) {
    PolicyRule rule =
        new PolicyRuleBuilder()
            .withVerbs(split(verbs))
            .withApiGroups(split(groups))
            .withResources(split(resources))
            .withResourceNames(names == null ? List.of() : split(names))
            .build();
    assertThat(RbacPolicy.matches(rule, RequestAttributes.of(method, path)))
        .as("%s %s against %s", method, path, rule)
        .isEqualTo(allowed);
  }

  /**
   * The shipped ci/k8s grants, for the runner's ServiceAccount: what the run of show needs, and
   * nothing more.
   */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      PUT    | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api-canary/scale            | true
      GET    | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api-canary                  | true
      PATCH  | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api-canary                  | false
      PUT    | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/opa/scale                              | false
      PUT    | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api/scale                   | false
      PATCH  | /apis/networking.k8s.io/v1/namespaces/intelgraph-maestro/ingresses/intelgraph-maestro-ingress  | true
      PATCH  | /apis/networking.k8s.io/v1/namespaces/intelgraph-maestro/ingresses/other                       | false
      PUT    | /apis/gateway.networking.k8s.io/v1/namespaces/intelgraph-maestro/httproutes/intelgraph-api     | true
      GET    | /apis/cert-manager.io/v1/namespaces/intelgraph-maestro/certificates                            | true
      GET    | /apis/external-secrets.io/v1/namespaces/intelgraph-maestro/externalsecrets                     | true
      GET    | /apis/velero.io/v1/namespaces/velero/backups                                                   | true
      GET    | /api/v1/namespaces/intelgraph-maestro/secrets                                                  | true
      GET    | /api/v1/namespaces/intelgraph-maestro/secrets/postgres-credentials                             | false
      POST   | /api/v1/namespaces/intelgraph-maestro/secrets                                                  | false
      GET    | /api/v1/namespaces/other/configmaps                                                            | false
      PATCH  | /api/v1/nodes/sandbox-node-a                                                                   | true
      DELETE | /api/v1/namespaces/intelgraph-maestro/pods/api-1                                               | true
      DELETE | /api/v1/namespaces/other/pods/api-1                                                            | false
      GET    | /apis                                                                                          | true
      POST   | /apis/authorization.k8s.io/v1/selfsubjectaccessreviews                                         | true
      """)
  void theShippedRolesGrantTheRunnerWhatTheRunOfShowDoes(
      String method, String path, boolean allowed) {
    assertThat(RbacPolicy.shipped().allows(RUNNER, RequestAttributes.of(method, path)))
        .as("%s %s", method, path)
        .isEqualTo(allowed);
  }

  /**
   * The sandbox's deploy pipeline (its deploy and lock scripts): what the two scripts do, nothing
   * of the suite's.
   */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      PATCH  | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api-canary                  | true
      PATCH  | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api                         | false
      PUT    | /apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api-canary/scale            | false
      PATCH  | /apis/networking.k8s.io/v1/namespaces/intelgraph-maestro/ingresses/intelgraph-maestro-ingress  | true
      PATCH  | /apis/gateway.networking.k8s.io/v1/namespaces/intelgraph-maestro/httproutes/intelgraph-api     | true
      GET    | /api/v1/namespaces/intelgraph-maestro/secrets                                                  | true
      POST   | /api/v1/namespaces/intelgraph-maestro/secrets                                                  | true
      GET    | /api/v1/namespaces/intelgraph-maestro/secrets/postgres-credentials                             | false
      PUT    | /api/v1/namespaces/intelgraph-maestro/configmaps/maestro-cutover-ledger                        | false
      """)
  void theSandboxDeployPipelineMayDoWhatItsScriptsDoOnly(
      String method, String path, boolean allowed) {
    assertThat(
            RbacPolicy.shipped()
                .allows(
                    RbacPolicy.Identity.serviceAccount(
                        ClusterNames.NAMESPACE, ClusterNames.DEPLOYER_SERVICE_ACCOUNT),
                    RequestAttributes.of(method, path)))
        .as("%s %s", method, path)
        .isEqualTo(allowed);
  }

  @Test
  void revokingTheScaleGrantLeavesTheRestAndTheReasonNamesTheBinding() {
    RbacPolicy revoked = RbacPolicy.shipped().revoking("deployments/scale");
    RequestAttributes scale =
        RequestAttributes.of(
            "PUT",
            "/apis/apps/v1/namespaces/intelgraph-maestro/deployments/intelgraph-api-canary/scale");
    RequestAttributes ingress =
        RequestAttributes.of(
            "PATCH",
            "/apis/networking.k8s.io/v1/namespaces/intelgraph-maestro/ingresses/intelgraph-maestro-ingress");
    assertThat(revoked.allows(RUNNER, scale)).isFalse();
    assertThat(revoked.allowedBy(RUNNER, ingress))
        .contains(
            "RBAC: allowed by RoleBinding \"maestro-cutover-rollback/intelgraph-maestro\" of Role \"maestro-cutover-rollback\" to ServiceAccount \"maestro-cutover/intelgraph-maestro\"");
  }

  @Test
  void theAdminIsAllowedEverythingAndAStrangerNothingButDiscovery() {
    RequestAttributes secrets =
        RequestAttributes.of("GET", "/api/v1/namespaces/intelgraph-maestro/secrets");
    assertThat(RbacPolicy.shipped().allows(Identity.ADMIN, secrets)).isTrue();
    Identity stranger = Identity.serviceAccount("intelgraph-maestro", "someone-else");
    assertThat(
            RbacPolicy.shipped()
                .allows(
                    stranger,
                    RequestAttributes.of(
                        "GET", "/apis/apps/v1/namespaces/intelgraph-maestro/deployments")))
        .isFalse();
    assertThat(RbacPolicy.shipped().allows(stranger, RequestAttributes.of("GET", "/version")))
        .isTrue();
  }

  private static List<String> split(String csv) {
    return csv == null ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
  }
}
