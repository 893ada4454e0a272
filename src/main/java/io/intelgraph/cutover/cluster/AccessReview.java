package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Asks the API server itself whether this client's identity may make a request, as {@code kubectl
 * auth can-i} does: a {@code SelfSubjectAccessReview}
 * (https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/self-subject-access-review-v1/),
 * answered by whatever authorizers the cluster runs (RBAC, webhooks), so the answer is the
 * cluster's, not a reading of the manifests. A review that cannot be made is never read as
 * "allowed".
 *
 * <pre>{@code
 * AccessReview.Answer answer = new AccessReview(kubernetes).ask(scaleRequest);
 * if (!answer.allowed()) fail(answer.describe());
 * }</pre>
 */
public final class AccessReview {

  private final KubernetesClient kubernetes;

  public AccessReview(KubernetesClient kubernetes) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
  }

  /**
   * The server's answer for {@code request}.
   *
   * @param reason the authorizer's reason (e.g. the binding that allows it), or why no answer was
   *     had
   * @param error true when the review itself failed (no answer: never allowed)
   */
  public record Answer(AccessRequest request, boolean allowed, String reason, boolean error) {

    /** e.g. {@code can-i update deployments.apps/api --subresource=scale -n ns: no}. */
    public String describe() {
      String verdict = error ? "no answer" : allowed ? "yes" : "no";
      return "can-i %s: %s%s"
          .formatted(request.describe(), verdict, reason.isBlank() ? "" : " (" + reason + ")");
    }
  }

  public Answer ask(AccessRequest request) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(request.verb())
            .withGroup(request.group())
            .withResource(request.resource())
            .withSubresource(request.subresource())
            .withNamespace(request.namespace())
            .withName(request.name())
            .endResourceAttributes()
            .endSpec()
            .build();
    SelfSubjectAccessReview answered;
    try {
      answered = kubernetes.authorization().v1().selfSubjectAccessReview().create(review);
    } catch (KubernetesClientException e) {
      return new Answer(
          request,
          false,
          "the SelfSubjectAccessReview at %s failed: HTTP %d %s"
              .formatted(
                  kubernetes.getMasterUrl(),
                  e.getCode(),
                  e.getStatus() != null && e.getStatus().getMessage() != null
                      ? e.getStatus().getMessage()
                      : e.getMessage()),
          true);
    }
    if (answered == null
        || answered.getStatus() == null
        || answered.getStatus().getAllowed() == null) {
      return new Answer(
          request,
          false,
          "the API server at %s answered the SelfSubjectAccessReview without a status"
              .formatted(kubernetes.getMasterUrl()),
          true);
    }
    var status = answered.getStatus();
    String reason = status.getReason() == null ? "" : status.getReason();
    if (status.getEvaluationError() != null && !status.getEvaluationError().isBlank())
      reason += (reason.isEmpty() ? "" : "; ") + status.getEvaluationError();
    return new Answer(
        request,
        Boolean.TRUE.equals(status.getAllowed()) && !Boolean.TRUE.equals(status.getDenied()),
        reason,
        false);
  }
}
