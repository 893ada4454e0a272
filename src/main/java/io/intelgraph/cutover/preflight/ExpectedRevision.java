package io.intelgraph.cutover.preflight;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.intelgraph.cutover.config.Preflight;
import java.util.Map;
import java.util.Optional;

/**
 * The OPA bundle revision a release must run with, and where that was declared: either {@code
 * preflight.opa_expected_revision} or an annotation named by {@code
 * preflight.opa_expected_revision_from}.
 *
 * <pre>{@code
 * Optional<ExpectedRevision> expected = ExpectedRevision.of(env.preflight(), env.cluster().namespace(), kubernetes);
 * }</pre>
 */
public record ExpectedRevision(String revision, String source) {

  /**
   * The configured expectation; empty when none is configured (the check then fails: any revision
   * is not a confirmed one). An annotation that is named but absent or blank is an error here.
   */
  public static Optional<ExpectedRevision> of(
      Preflight preflight, String clusterNamespace, KubernetesClient kubernetes) {
    if (preflight.opaExpectedRevision().isPresent()) {
      return Optional.of(
          new ExpectedRevision(
              preflight.opaExpectedRevision().get().strip(), "preflight.opa_expected_revision"));
    }
    return preflight
        .opaExpectedRevisionFrom()
        .map(from -> fromAnnotation(from, clusterNamespace, kubernetes));
  }

  private static ExpectedRevision fromAnnotation(
      Preflight.RevisionSource from, String clusterNamespace, KubernetesClient kubernetes) {
    String namespace = from.namespace().orElse(clusterNamespace);
    String where =
        "annotation %s of %s %s/%s (preflight.opa_expected_revision_from)"
            .formatted(from.annotation(), from.kind(), namespace, from.name());
    HasMetadata object;
    try {
      object =
          switch (from.kind()) {
            case "Deployment" ->
                kubernetes.apps().deployments().inNamespace(namespace).withName(from.name()).get();
            case "ConfigMap" ->
                kubernetes.configMaps().inNamespace(namespace).withName(from.name()).get();
            default ->
                throw new IllegalStateException(
                    "kind " + from.kind() + " passed validation but has no reader");
          };
    } catch (KubernetesClientException e) {
      throw new PreflightException("could not read %s: %s".formatted(where, e.getMessage()), e);
    }
    if (object == null) {
      throw new PreflightException(
          "%s: the %s does not exist; fix the name or namespace, or deploy it"
              .formatted(where, from.kind()));
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String revision = annotations == null ? null : annotations.get(from.annotation());
    if (revision == null || revision.isBlank()) {
      throw new PreflightException(
          "%s: the annotation is %s (annotations present: %s); the deploy pipeline must stamp the policy bundle's revision there"
              .formatted(
                  where,
                  revision == null ? "absent" : "blank",
                  annotations == null ? "none" : annotations.keySet()));
    }
    return new ExpectedRevision(revision.strip(), where);
  }
}
