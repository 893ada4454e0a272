package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock plus the one subresource it lacks: a pod's {@code eviction} ({@code POST
 * /api/v1/namespaces/{ns}/pods/{name}/eviction}), answered as the API server does
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/): 429 Too Many Requests
 * when a PodDisruptionBudget that selects the pod allows no disruption now (its {@code
 * minAvailable} ready pods, or {@code maxUnavailable} already unready), otherwise the pod is
 * deleted and 201 returned.
 *
 * <p>Every request first passes the {@link ApiServerAuthorizer}: a bearer token the sandbox issued,
 * and the RBAC the suite ships allowing it (else 401 / 403, as a real API server answers); the
 * SelfSubjectAccessReviews {@code kubectl auth can-i} creates are answered from the same rules.
 */
final class EvictingCrudDispatcher extends KubernetesCrudDispatcher {

  private static final Pattern EVICTION =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction");

  private final ApiServerAuthorizer authorizer;
  private volatile Runnable changed = () -> {};

  EvictingCrudDispatcher(ApiServerAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  /**
   * Told after every write the server accepted (any method but GET): what a controller's watch
   * would hear, so the sandbox's controllers react at once instead of polling the API.
   */
  void onChange(Runnable changed) {
    this.changed = java.util.Objects.requireNonNull(changed, "changed");
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    java.util.Optional<MockResponse> refused = authorizer.refuse(request);
    if (refused.isPresent()) return refused.get();
    if (ApiServerAuthorizer.isSelfSubjectAccessReview(request)) return authorizer.review(request);
    MockResponse response = super.dispatch(request);
    if (!"GET".equals(request.getMethod()) && response.code() < 300) changed.run();
    return response;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    Matcher eviction = EVICTION.matcher(request.getPath().replaceFirst("\\?.*", ""));
    if (!eviction.matches()) return super.handleCreate(request);
    String namespace = eviction.group(1);
    String podPath = "/api/v1/namespaces/%s/pods/%s".formatted(namespace, eviction.group(2));
    MockResponse found = handleGet(podPath);
    if (found.code() != 200)
      return status(404, "NotFound", "pods \"%s\" not found".formatted(eviction.group(2)));
    Pod pod = Serialization.unmarshal(found.getBody().readUtf8(), Pod.class);
    for (PodDisruptionBudget pdb : budgets(namespace)) {
      if (!selects(pdb, pod)) continue;
      List<Pod> selected = pods(namespace).stream().filter(p -> selects(pdb, p)).toList();
      long healthy = selected.stream().filter(EvictingCrudDispatcher::ready).count();
      if (disruptionsAllowed(pdb, selected.size(), healthy) <= 0) {
        return status(
            429,
            "TooManyRequests",
            "Cannot evict pod as it would violate the pod's disruption budget.",
            "DisruptionBudget",
            "The disruption budget %s needs %s healthy pods and has %d currently"
                .formatted(
                    pdb.getMetadata().getName(),
                    pdb.getSpec().getMinAvailable() == null
                        ? "all but " + pdb.getSpec().getMaxUnavailable().getValue()
                        : pdb.getSpec().getMinAvailable().getValue(),
                    healthy));
      }
    }
    handleDelete(podPath);
    return status(201, null, null);
  }

  private static long disruptionsAllowed(PodDisruptionBudget pdb, int expected, long healthy) {
    var spec = pdb.getSpec();
    if (spec.getMinAvailable() != null) return healthy - spec.getMinAvailable().getIntVal();
    if (spec.getMaxUnavailable() != null)
      return spec.getMaxUnavailable().getIntVal() - (expected - healthy);
    return Long.MAX_VALUE;
  }

  private static boolean selects(PodDisruptionBudget pdb, Pod pod) {
    Map<String, String> want =
        pdb.getSpec().getSelector() == null ? null : pdb.getSpec().getSelector().getMatchLabels();
    Map<String, String> labels = pod.getMetadata().getLabels();
    return want != null && labels != null && labels.entrySet().containsAll(want.entrySet());
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private List<PodDisruptionBudget> budgets(String namespace) {
    MockResponse list =
        handleGet("/apis/policy/v1/namespaces/%s/poddisruptionbudgets".formatted(namespace));
    return list.code() == 200
        ? Serialization.unmarshal(list.getBody().readUtf8(), PodDisruptionBudgetList.class)
            .getItems()
        : List.of();
  }

  private List<Pod> pods(String namespace) {
    MockResponse list = handleGet("/api/v1/namespaces/%s/pods".formatted(namespace));
    return list.code() == 200
        ? Serialization.unmarshal(list.getBody().readUtf8(), PodList.class).getItems()
        : List.of();
  }

  private static MockResponse status(int code, String reason, String message) {
    return status(code, reason, message, null, null);
  }

  private static MockResponse status(
      int code, String reason, String message, String causeReason, String causeMessage) {
    StatusBuilder status =
        new StatusBuilder()
            .withCode(code)
            .withStatus(code < 300 ? "Success" : "Failure")
            .withReason(reason)
            .withMessage(message);
    if (causeReason != null)
      status
          .withNewDetails()
          .addNewCause()
          .withReason(causeReason)
          .withMessage(causeMessage)
          .endCause()
          .endDetails();
    Status built = status.build();
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(built));
  }
}
