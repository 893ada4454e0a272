package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Ready} condition of custom resources the runbook inspects with {@code kubectl get}:
 * cert-manager Certificates and External Secrets.
 *
 * <pre>{@code
 * List<ReadyConditions.Readiness> certificates = new ReadyConditions(kubernetes, "intelgraph-maestro")
 *     .of(ReadyConditions.CERTIFICATES);
 * }</pre>
 */
public final class ReadyConditions {

  public static final ResourceDefinitionContext CERTIFICATES =
      new ResourceDefinitionContext.Builder()
          .withGroup("cert-manager.io")
          .withVersion("v1")
          .withKind("Certificate")
          .withPlural("certificates")
          .withNamespaced(true)
          .build();

  /**
   * External Secrets Operator {@code ExternalSecret}, {@code external-secrets.io/v1}; its status
   * carries {@code conditions[type=Ready]} ({@code status: "True"}, reason {@code SecretSynced})
   * once the secret is synced. https://external-secrets.io/latest/api/externalsecret/ and
   * https://external-secrets.io/latest/introduction/faq/
   */
  public static final ResourceDefinitionContext EXTERNAL_SECRETS = externalSecrets("v1");

  /**
   * The same resource at {@code v1beta1}, which older operators serve and current ones no longer
   * do.
   */
  public static final ResourceDefinitionContext EXTERNAL_SECRETS_V1BETA1 =
      externalSecrets("v1beta1");

  /** ExternalSecret versions in order of preference; the first the API server serves is read. */
  public static final List<ResourceDefinitionContext> EXTERNAL_SECRETS_VERSIONS =
      List.of(EXTERNAL_SECRETS, EXTERNAL_SECRETS_V1BETA1);

  /** One resource's Ready condition: status True/False/Unknown, its reason and message. */
  public record Readiness(String kind, String name, String status, String reason, String message) {
    public boolean isReady() {
      return "True".equals(status);
    }

    public String describe() {
      return "%s %s: Ready=%s%s%s"
          .formatted(
              kind,
              name,
              status,
              reason.isEmpty() ? "" : " (" + reason + ")",
              message.isEmpty() ? "" : ": " + message);
    }
  }

  private final KubernetesClient kubernetes;
  private final String namespace;

  public ReadyConditions(KubernetesClient kubernetes, String namespace) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * The first of {@code preferred} (one kind at several versions) the API server serves, found by
   * API discovery ({@code GET /apis/<group>/<version>}, as {@code kubectl api-resources} does:
   * https://kubernetes.io/docs/reference/using-api/api-concepts/#discovery-api).
   */
  public ResourceDefinitionContext servedVersion(List<ResourceDefinitionContext> preferred) {
    for (ResourceDefinitionContext candidate : preferred) {
      String groupVersion = candidate.getGroup() + "/" + candidate.getVersion();
      APIResourceList resources;
      try {
        resources = kubernetes.getApiResources(groupVersion);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) continue;
        throw new ClusterException(
            "API discovery of %s failed: %s".formatted(groupVersion, e.getMessage()), e);
      }
      if (resources != null
          && resources.getResources() != null
          && resources.getResources().stream()
              .anyMatch(r -> candidate.getPlural().equals(r.getName()))) {
        return candidate;
      }
    }
    throw new ClusterException(
        ("the API server serves %s at none of %s; is the operator that defines it installed?"
                + " (kubectl api-resources --api-group=%s)")
            .formatted(
                preferred.get(0).getKind(),
                preferred.stream().map(c -> c.getGroup() + "/" + c.getVersion()).toList(),
                preferred.get(0).getGroup()));
  }

  /** Every resource of the kind in the namespace; none at all is an error, not a pass. */
  public List<Readiness> of(ResourceDefinitionContext kind) {
    List<GenericKubernetesResource> items;
    try {
      items = kubernetes.genericKubernetesResources(kind).inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "cannot list %s in %s: %s".formatted(kind.getPlural(), namespace, e.getMessage()), e);
    }
    if (items.isEmpty()) {
      throw new ClusterException(
          "no %s.%s in namespace %s; nothing to verify means nothing is verified"
              .formatted(kind.getPlural(), kind.getGroup(), namespace));
    }
    return items.stream().map(item -> readiness(kind.getKind(), item)).toList();
  }

  private static ResourceDefinitionContext externalSecrets(String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("external-secrets.io")
        .withVersion(version)
        .withKind("ExternalSecret")
        .withPlural("externalsecrets")
        .withNamespaced(true)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Readiness readiness(String kind, GenericKubernetesResource item) {
    Map<String, Object> status = (Map<String, Object>) item.getAdditionalProperties().get("status");
    List<Map<String, Object>> conditions =
        status == null
            ? List.of()
            : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    return conditions.stream()
        .filter(c -> "Ready".equals(c.get("type")))
        .map(
            c ->
                new Readiness(
                    kind,
                    item.getMetadata().getName(),
                    String.valueOf(c.getOrDefault("status", "Unknown")),
                    String.valueOf(c.getOrDefault("reason", "")),
                    String.valueOf(c.getOrDefault("message", ""))))
        .findFirst()
        .orElse(
            new Readiness(
                kind,
                item.getMetadata().getName(),
                "Unknown",
                "NoReadyCondition",
                "status has no Ready condition"));
  }
}
