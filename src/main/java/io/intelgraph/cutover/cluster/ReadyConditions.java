package io.intelgraph.cutover.cluster;

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

  public static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
      .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates")
      .withNamespaced(true).build();

  public static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder()
      .withGroup("external-secrets.io").withVersion("v1beta1").withKind("ExternalSecret").withPlural("externalsecrets")
      .withNamespaced(true).build();

  /** One resource's Ready condition: status True/False/Unknown, its reason and message. */
  public record Readiness(String kind, String name, String status, String reason, String message) {
    public boolean isReady() {
      return "True".equals(status);
    }

    public String describe() {
      return "%s %s: Ready=%s%s%s".formatted(kind, name, status, reason.isEmpty() ? "" : " (" + reason + ")",
          message.isEmpty() ? "" : ": " + message);
    }
  }

  private final KubernetesClient kubernetes;
  private final String namespace;

  public ReadyConditions(KubernetesClient kubernetes, String namespace) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** Every resource of the kind in the namespace; none at all is an error, not a pass. */
  public List<Readiness> of(ResourceDefinitionContext kind) {
    List<GenericKubernetesResource> items;
    try {
      items = kubernetes.genericKubernetesResources(kind).inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      throw new ClusterException("cannot list %s in %s: %s".formatted(kind.getPlural(), namespace, e.getMessage()), e);
    }
    if (items.isEmpty()) {
      throw new ClusterException("no %s.%s in namespace %s; nothing to verify means nothing is verified"
          .formatted(kind.getPlural(), kind.getGroup(), namespace));
    }
    return items.stream().map(item -> readiness(kind.getKind(), item)).toList();
  }

  @SuppressWarnings("unchecked")
  private static Readiness readiness(String kind, GenericKubernetesResource item) {
    Map<String, Object> status = (Map<String, Object>) item.getAdditionalProperties().get("status");
    List<Map<String, Object>> conditions = status == null ? List.of()
        : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    return conditions.stream().filter(c -> "Ready".equals(c.get("type")))
        .map(c -> new Readiness(kind, item.getMetadata().getName(), String.valueOf(c.getOrDefault("status", "Unknown")),
            String.valueOf(c.getOrDefault("reason", "")), String.valueOf(c.getOrDefault("message", ""))))
        .findFirst()
        .orElse(new Readiness(kind, item.getMetadata().getName(), "Unknown", "NoReadyCondition", "status has no Ready condition"));
  }
}
