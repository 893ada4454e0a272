package io.intelgraph.cutover.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The request → RBAC attributes table of
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb.
 */
class RequestAttributesTest {

  @ParameterizedTest(name = "{0} {1} -> {2} {3} {4}/{5} ns={6} name={7}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      GET    | /api/v1/namespaces/ns/pods/p1                                         | get              |                           | pods         |          | ns         | p1
      HEAD   | /api/v1/namespaces/ns/pods/p1                                         | get              |                           | pods         |          | ns         | p1
      GET    | /api/v1/namespaces/ns/pods                                            | list             |                           | pods         |          | ns         |
      GET    | /api/v1/namespaces/ns/pods?labelSelector=app%3Dapi                    | list             |                           | pods         |          | ns         |
      GET    | /api/v1/namespaces/ns/pods?watch=true                                 | watch            |                           | pods         |          | ns         |
      GET    | /api/v1/watch/namespaces/ns/pods                                      | watch            |                           | pods         |          | ns         |
      GET    | /api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Dledger  | list             |                           | configmaps   |          | ns         | ledger
      GET    | /api/v1/pods                                                          | list             |                           | pods         |          |            |
      POST   | /api/v1/namespaces/ns/configmaps                                      | create           |                           | configmaps   |          | ns         |
      PUT    | /api/v1/namespaces/ns/configmaps/ledger                               | update           |                           | configmaps   |          | ns         | ledger
      PATCH  | /apis/networking.k8s.io/v1/namespaces/ns/ingresses/web                | patch            | networking.k8s.io         | ingresses    |          | ns         | web
      DELETE | /api/v1/namespaces/ns/pods/p1                                         | delete           |                           | pods         |          | ns         | p1
      DELETE | /api/v1/namespaces/ns/pods                                            | deletecollection |                           | pods         |          | ns         |
      GET    | /apis/apps/v1/namespaces/ns/deployments/api/scale                     | get              | apps                      | deployments  | scale    | ns         | api
      PUT    | /apis/apps/v1/namespaces/ns/deployments/api/scale                     | update           | apps                      | deployments  | scale    | ns         | api
      PATCH  | /apis/apps/v1/namespaces/ns/deployments/api/scale                     | patch            | apps                      | deployments  | scale    | ns         | api
      POST   | /api/v1/namespaces/ns/pods/p1/eviction                                | create           |                           | pods         | eviction | ns         | p1
      PATCH  | /api/v1/nodes/node-a                                                  | patch            |                           | nodes        |          |            | node-a
      GET    | /api/v1/namespaces/ns                                                 | get              |                           | namespaces   |          | ns         | ns
      PUT    | /api/v1/namespaces/ns/status                                          | update           |                           | namespaces   | status   | ns         | ns
      PUT    | /apis/gateway.networking.k8s.io/v1/namespaces/ns/httproutes/api       | update           | gateway.networking.k8s.io | httproutes   |          | ns         | api
      POST   | /apis/authorization.k8s.io/v1/selfsubjectaccessreviews                | create           | authorization.k8s.io      | selfsubjectaccessreviews |  |        |
      """)
  void resourceRequestsMapAsTheApiServerMapsThem(
      String method,
      String path,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {
    RequestAttributes attributes = RequestAttributes.of(method, path);
    assertThat(attributes)
        .as("%s %s", method, path)
        .isEqualTo(
            new RequestAttributes(
                true,
                verb,
                blank(group),
                resource,
                blank(subresource),
                blank(namespace),
                blank(name),
                path.replaceFirst("\\?.*", "")));
  }

  @ParameterizedTest(name = "{0} {1} is a non-resource request")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      GET | /apis
      GET | /apis/cert-manager.io/v1
      GET | /api
      GET | /version
      """)
  void discoveryIsNotAResourceRequest(String method, String path) {
    RequestAttributes attributes = RequestAttributes.of(method, path);
    assertThat(attributes.resourceRequest()).as("%s %s", method, path).isFalse();
    assertThat(attributes.verb()).isEqualTo("get");
    assertThat(attributes.path()).isEqualTo(path);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      PUT   | /apis/apps/v1/namespaces/ns/deployments/api/scale | deployments.apps "api" is forbidden: User "u" cannot update resource "deployments/scale" in API group "apps" in the namespace "ns"
      POST  | /api/v1/namespaces/ns/configmaps                  | configmaps is forbidden: User "u" cannot create resource "configmaps" in API group "" in the namespace "ns"
      PATCH | /api/v1/nodes/node-a                              | nodes "node-a" is forbidden: User "u" cannot patch resource "nodes" in API group "" at the cluster scope
      GET   | /metrics                                          | forbidden: User "u" cannot get path "/metrics"
      """)
  void denialsAreWordedAsARealApiServerWordsThem(String method, String path, String message) {
    assertThat(RequestAttributes.of(method, path).deniedMessage("u")).isEqualTo(message);
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }
}
