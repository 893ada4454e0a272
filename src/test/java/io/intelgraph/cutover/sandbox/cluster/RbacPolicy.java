package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Roles, ClusterRoles and their bindings the sandbox's API server authorizes with, evaluated as
 * the RBAC authorizer does (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): a
 * request is allowed when any rule of a role bound to the user (or one of its groups) matches it; a
 * RoleBinding grants only in its own namespace, a ClusterRoleBinding everywhere; nothing is denied
 * explicitly, everything not allowed is.
 *
 * <p>The suite's grants are parsed from the manifests it ships ({@code ci/k8s/*.yaml}), never
 * restated here; the roles Kubernetes bootstraps ({@code cluster-admin} for {@code system:masters},
 * {@code view}, {@code system:discovery}, {@code system:basic-user}) come from {@code
 * bootstrap-rbac.yaml} beside this class, the sandbox deploy pipeline's ({@code maestro-deployer},
 * what its deploy and lock scripts do) from {@code deployer-rbac.yaml}.
 *
 * <pre>{@code
 * RbacPolicy policy = RbacPolicy.shipped();
 * policy.allows(Identity.serviceAccount("intelgraph-maestro", "maestro-cutover"),
 *     RequestAttributes.of("PATCH", "/apis/apps/v1/namespaces/intelgraph-maestro/deployments/api/scale"));
 * }</pre>
 */
final class RbacPolicy {

  /** Where the shipped manifests live, relative to the project's base directory. */
  static final Path SHIPPED = Path.of("ci", "k8s");

  private static final String BOOTSTRAP = "bootstrap-rbac.yaml";

  /** The sandbox's own deploy pipeline (its deploy and lock scripts), never the suite's grants. */
  private static final String DEPLOYER = "deployer-rbac.yaml";

  private static final String DEPLOYER_ROLE = "maestro-sandbox-deployer";

  private final List<Role> roles;
  private final List<ClusterRole> clusterRoles;
  private final List<RoleBinding> roleBindings;
  private final List<ClusterRoleBinding> clusterRoleBindings;

  private RbacPolicy(List<HasMetadata> objects) {
    this.roles = ofType(objects, Role.class);
    this.clusterRoles = ofType(objects, ClusterRole.class);
    this.roleBindings = ofType(objects, RoleBinding.class);
    this.clusterRoleBindings = ofType(objects, ClusterRoleBinding.class);
  }

  /**
   * The bootstrap roles plus every RBAC object of the manifests in {@code ci/k8s} of the project.
   */
  static RbacPolicy shipped() {
    Path dir = projectDirectory().resolve(SHIPPED);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          ("the sandbox's API server authorizes with the RBAC the suite ships, but %s does not exist;"
                  + " run from the project directory (or set -Dbasedir=<project>)")
              .formatted(dir.toAbsolutePath()));
    }
    List<String> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        documents.add(Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not read the RBAC manifests in " + dir.toAbsolutePath(), e);
    }
    return of(documents);
  }

  /**
   * The bootstrap roles plus the RBAC objects in {@code manifests} (YAML, several documents each).
   */
  static RbacPolicy of(List<String> manifests) {
    List<HasMetadata> objects = new ArrayList<>(parse(resource(BOOTSTRAP)));
    objects.addAll(parse(resource(DEPLOYER)));
    manifests.forEach(manifest -> objects.addAll(parse(manifest)));
    return new RbacPolicy(objects);
  }

  /**
   * This policy without {@code resource} (e.g. {@code deployments/scale}) in any rule of the
   * suite's roles: a cluster that lacks that grant.
   */
  RbacPolicy revoking(String resource) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Role role : roles) {
      Role copy = Serialization.clone(role);
      // the suite's grants only: the sandbox's deploy pipeline keeps what its scripts need
      if (!DEPLOYER_ROLE.equals(role.getMetadata().getName()))
        copy.setRules(without(copy.getRules(), resource));
      objects.add(copy);
    }
    objects.addAll(clusterRoles);
    objects.addAll(roleBindings);
    objects.addAll(clusterRoleBindings);
    return new RbacPolicy(objects);
  }

  /** True when a rule bound to {@code identity} allows {@code request}. */
  boolean allows(Identity identity, RequestAttributes request) {
    return allowedBy(identity, request).isPresent();
  }

  /**
   * The binding that allows {@code request} for {@code identity}, worded as the RBAC authorizer
   * gives its reason (e.g. {@code RBAC: allowed by RoleBinding "b/ns" of Role "r" to ServiceAccount
   * "sa/ns"}); empty when nothing does.
   */
  java.util.Optional<String> allowedBy(Identity identity, RequestAttributes request) {
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      java.util.Optional<String> subject = boundSubject(binding.getSubjects(), identity);
      if (subject.isPresent()
          && rules(binding.getRoleRef(), null).stream().anyMatch(r -> matches(r, request))) {
        return java.util.Optional.of(
            "RBAC: allowed by ClusterRoleBinding \"%s\" of ClusterRole \"%s\" to %s"
                .formatted(
                    binding.getMetadata().getName(),
                    binding.getRoleRef().getName(),
                    subject.get()));
      }
    }
    if (!request.resourceRequest() || request.namespace().isEmpty())
      return java.util.Optional.empty();
    for (RoleBinding binding : roleBindings) {
      java.util.Optional<String> subject = boundSubject(binding.getSubjects(), identity);
      if (!request.namespace().equals(binding.getMetadata().getNamespace()) || subject.isEmpty())
        continue;
      if (rules(binding.getRoleRef(), binding.getMetadata().getNamespace()).stream()
          .anyMatch(r -> matches(r, request))) {
        return java.util.Optional.of(
            "RBAC: allowed by RoleBinding \"%s/%s\" of %s \"%s\" to %s"
                .formatted(
                    binding.getMetadata().getName(),
                    binding.getMetadata().getNamespace(),
                    binding.getRoleRef().getKind(),
                    binding.getRoleRef().getName(),
                    subject.get()));
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * One rule against one request, as the RBAC authorizer's rule matching does (verbs, groups,
   * resources, names; or non-resource URLs).
   */
  static boolean matches(PolicyRule rule, RequestAttributes request) {
    if (!listed(rule.getVerbs(), request.verb())) return false;
    if (!request.resourceRequest()) {
      return rule.getNonResourceURLs() != null
          && rule.getNonResourceURLs().stream()
              .anyMatch(
                  url ->
                      url.equals("*")
                          || url.equals(request.path())
                          || (url.endsWith("*")
                              && request.path().startsWith(url.substring(0, url.length() - 1))));
    }
    return listed(rule.getApiGroups(), request.apiGroup())
        && resourceMatches(rule.getResources(), request)
        && (empty(rule.getResourceNames())
            || rule.getResourceNames().contains(request.name()) && !request.name().isEmpty());
  }

  private static boolean resourceMatches(List<String> resources, RequestAttributes request) {
    if (resources == null) return false;
    for (String resource : resources) {
      if (resource.equals("*") || resource.equals(request.combinedResource())) return true;
      if (!request.subresource().isEmpty() && resource.equals("*/" + request.subresource()))
        return true;
    }
    return false;
  }

  private static boolean listed(List<String> values, String value) {
    return values != null && (values.contains("*") || values.contains(value));
  }

  private static boolean empty(List<String> values) {
    return values == null || values.isEmpty();
  }

  /**
   * The binding's subject {@code identity} is, worded as the authorizer's reason names it (e.g.
   * {@code ServiceAccount "sa/ns"}).
   */
  private static java.util.Optional<String> boundSubject(
      List<Subject> subjects, Identity identity) {
    if (subjects == null) return java.util.Optional.empty();
    for (Subject subject : subjects) {
      boolean bound =
          switch (subject.getKind()) {
            case "User" -> identity.user().equals(subject.getName());
            case "Group" -> identity.groups().contains(subject.getName());
            case "ServiceAccount" ->
                identity
                    .user()
                    .equals(Identity.serviceAccountUser(subject.getNamespace(), subject.getName()));
            default -> false;
          };
      if (bound) {
        String name =
            "ServiceAccount".equals(subject.getKind())
                ? subject.getName() + "/" + subject.getNamespace()
                : subject.getName();
        return java.util.Optional.of("%s \"%s\"".formatted(subject.getKind(), name));
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The rules a binding refers to; a binding to a role that does not exist grants nothing, as on a
   * real cluster.
   */
  private List<PolicyRule> rules(RoleRef ref, String namespace) {
    if ("ClusterRole".equals(ref.getKind())) {
      return clusterRoles.stream()
          .filter(r -> ref.getName().equals(r.getMetadata().getName()))
          .flatMap(r -> r.getRules() == null ? Stream.empty() : r.getRules().stream())
          .toList();
    }
    return roles.stream()
        .filter(
            r ->
                ref.getName().equals(r.getMetadata().getName())
                    && Objects.equals(namespace, r.getMetadata().getNamespace()))
        .flatMap(r -> r.getRules() == null ? Stream.empty() : r.getRules().stream())
        .toList();
  }

  private static List<PolicyRule> without(List<PolicyRule> rules, String resource) {
    List<PolicyRule> kept = new ArrayList<>();
    for (PolicyRule rule : rules) {
      List<String> resources =
          rule.getResources() == null
              ? List.of()
              : rule.getResources().stream().filter(r -> !r.equals(resource)).toList();
      if (!resources.isEmpty() || !empty(rule.getNonResourceURLs()))
        kept.add(new PolicyRuleBuilder(rule).withResources(resources).build());
    }
    return kept;
  }

  static List<HasMetadata> parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    // one object per YAML document; non-RBAC objects (the Job, the ServiceAccount) are parsed and
    // ignored
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#")))
        continue;
      Object parsed = Serialization.unmarshal(document);
      if (parsed instanceof HasMetadata object) objects.add(object);
    }
    return objects;
  }

  private static String resource(String name) {
    try (InputStream in = RbacPolicy.class.getResourceAsStream(name)) {
      if (in == null)
        throw new IllegalStateException(name + " is missing beside " + RbacPolicy.class.getName());
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path projectDirectory() {
    String basedir = System.getProperty("basedir");
    return Path.of(basedir == null || basedir.isBlank() ? System.getProperty("user.dir") : basedir);
  }

  private static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Who is asking: a user name and its groups, as the authenticator resolved a bearer token. */
  record Identity(String user, List<String> groups) {

    /**
     * The sandbox's own fixture client (seeding, the deployment controller, faults): {@code
     * system:masters}.
     */
    static final Identity ADMIN =
        new Identity("sandbox-admin", List.of("system:masters", "system:authenticated"));

    static Identity serviceAccount(String namespace, String name) {
      return new Identity(
          serviceAccountUser(namespace, name),
          List.of(
              "system:serviceaccounts",
              "system:serviceaccounts:" + namespace,
              "system:authenticated"));
    }

    static String serviceAccountUser(String namespace, String name) {
      return "system:serviceaccount:%s:%s".formatted(namespace, name);
    }
  }
}
