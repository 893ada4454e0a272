package io.intelgraph.cutover.cluster;

import java.util.Objects;

/**
 * One request the suite makes to the API server, in the attributes RBAC authorizes
 * (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#review-your-request-attributes):
 * what {@code kubectl auth can-i} asks.
 *
 * <pre>{@code
 * AccessRequest scale = new AccessRequest("update", "apps", "deployments", "scale", "intelgraph-maestro", "intelgraph-api-canary");
 * scale.describe();   // update deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro
 * }</pre>
 *
 * @param group the API group, empty for the core group
 * @param subresource e.g. {@code scale}; empty for the resource itself
 * @param name the object's name; empty for a collection
 */
public record AccessRequest(
    String verb, String group, String resource, String subresource, String namespace, String name) {

  public AccessRequest {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(subresource, "subresource");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (verb.isBlank() || resource.isBlank()) {
      throw new IllegalArgumentException(
          "an access request needs a verb and a resource, got verb '%s' resource '%s'"
              .formatted(verb, resource));
    }
  }

  /** A request on one named object of a namespace, without subresource. */
  public static AccessRequest on(
      String verb, String group, String resource, String namespace, String name) {
    return new AccessRequest(verb, group, resource, "", namespace, name);
  }

  /**
   * As the arguments of {@code kubectl auth can-i}, e.g. {@code update deployments.apps/api
   * --subresource=scale -n ns}.
   */
  public String describe() {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    return "%s %s%s%s%s"
        .formatted(
            verb,
            qualified,
            name.isEmpty() ? "" : "/" + name,
            subresource.isEmpty() ? "" : " --subresource=" + subresource,
            namespace.isEmpty() ? "" : " -n " + namespace);
  }

  /** The RBAC rule's resource this needs: {@code deployments/scale}, or {@code deployments}. */
  public String ruleResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }
}
