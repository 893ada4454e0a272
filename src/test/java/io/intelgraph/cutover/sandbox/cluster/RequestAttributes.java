package io.intelgraph.cutover.sandbox.cluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the API server's authorizer sees of one HTTP request, derived as the API server derives it
 * (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb,
 * the request-info resolution of k8s.io/apiserver): a resource request ({@code /api/v1/...}, {@code
 * /apis/<group>/<version>/...}) has a verb, API group, resource, subresource, namespace and name;
 * anything else is a non-resource request with a path and a verb.
 *
 * <pre>{@code
 * RequestAttributes.of("PUT", "/apis/apps/v1/namespaces/ns/deployments/api/scale")
 *   // update apps deployments/scale "api" in ns
 * }</pre>
 *
 * @param resourceRequest false for discovery, {@code /version} and other non-resource paths
 * @param namespace empty for cluster-scoped resources and for requests across all namespaces
 * @param name empty for collections (list, watch, create, deletecollection)
 */
record RequestAttributes(
    boolean resourceRequest,
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  /**
   * The namespace's own subresources: {@code /api/v1/namespaces/ns/status} is {@code
   * namespaces/status}, not a resource "status".
   */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  static RequestAttributes of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
    String verb =
        switch (method.toUpperCase(java.util.Locale.ROOT)) {
          case "POST" -> "create";
          case "GET", "HEAD" -> "get";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> "";
        };
    List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    // /api/v1/... is the core group; /apis/<group>/<version>/... a named group; /api, /apis alone
    // are discovery
    int prefix;
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      prefix = 2;
      group = "";
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      prefix = 3;
      group = parts.get(1);
    } else {
      return new RequestAttributes(
          false, method.toLowerCase(java.util.Locale.ROOT), "", "", "", "", "", path);
    }
    List<String> rest = parts.subList(prefix, parts.size());
    // the legacy /watch/ prefix: GET /api/v1/watch/namespaces/ns/pods
    if (rest.get(0).equals("watch") && verb.equals("get") && rest.size() > 1) {
      verb = "watch";
      rest = rest.subList(1, rest.size());
    }
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2)))
        rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = "true".equals(query.get("watch")) || "1".equals(query.get("watch")) ? "watch" : "list";
      // a list or watch of one object by field selector is authorized on that name, as kubectl get
      // NAME -w is
      String selector = query.getOrDefault("fieldSelector", "");
      if (selector.startsWith("metadata.name=") && !selector.contains(","))
        name = selector.substring("metadata.name=".length());
    }
    if (name.isEmpty() && verb.equals("delete")) verb = "deletecollection";
    return new RequestAttributes(true, verb, group, resource, subresource, namespace, name, path);
  }

  /**
   * {@code deployments/scale}, or {@code deployments} without a subresource: what a rule's {@code
   * resources} lists.
   */
  String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /**
   * As the API server words a denial: {@code deployments.apps "api" is forbidden: User "u" cannot
   * patch resource "deployments/scale" in API group "apps" in the namespace "ns"}.
   */
  String deniedMessage(String user) {
    if (!resourceRequest) {
      return "forbidden: User \"%s\" cannot %s path \"%s\"".formatted(user, verb, path);
    }
    String qualified = apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
    String object = name.isEmpty() ? qualified : "%s \"%s\"".formatted(qualified, name);
    String where =
        namespace.isEmpty()
            ? "at the cluster scope"
            : "in the namespace \"%s\"".formatted(namespace);
    return "%s is forbidden: User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s"
        .formatted(object, user, verb, combinedResource(), apiGroup, where);
  }

  private static Map<String, String> query(String raw) {
    return Arrays.stream(raw.split("&"))
        .filter(p -> !p.isEmpty())
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                kv -> decode(kv[0]), kv -> kv.length > 1 ? decode(kv[1]) : "", (a, b) -> a));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
