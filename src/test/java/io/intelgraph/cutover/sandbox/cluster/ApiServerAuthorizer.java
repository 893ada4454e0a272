package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.intelgraph.cutover.sandbox.cluster.RbacPolicy.Identity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sandbox API server's authentication and authorization, in front of the CRUD mock as a real
 * API server has them in front of its storage:
 *
 * <ul>
 *   <li>a bearer token names an identity
 *       (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#service-account-tokens);
 *       no token, or one the server did not issue, is {@code 401 Unauthorized};
 *   <li>the request's attributes ({@link RequestAttributes}) are checked against {@link
 *       RbacPolicy}; a request no rule allows is {@code 403 Forbidden}, with the Status a real API
 *       server sends (https://kubernetes.io/docs/reference/access-authn-authz/rbac/);
 *   <li>{@code POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews} is answered from the
 *       same policy for the caller, as {@code kubectl auth can-i} asks it
 *       (https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/self-subject-access-review-v1/).
 * </ul>
 *
 * Every denial is remembered ({@link #denials()}), so a test can say which request was refused.
 */
final class ApiServerAuthorizer {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ApiServerAuthorizer.class);

  static final String SELF_SUBJECT_ACCESS_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

  private final Map<String, Identity> tokens;
  private volatile RbacPolicy policy;
  private final List<String> denials = new CopyOnWriteArrayList<>();

  ApiServerAuthorizer(Map<String, Identity> tokens, RbacPolicy policy) {
    this.tokens = Map.copyOf(tokens);
    this.policy = policy;
  }

  /**
   * Replaces the policy, as {@code kubectl apply} of changed RBAC would; for tests of a missing
   * grant.
   */
  void policy(RbacPolicy next) {
    this.policy = next;
  }

  /**
   * The 401 or 403 the API server answers instead of serving {@code request}; empty when it may be
   * served.
   */
  Optional<MockResponse> refuse(RecordedRequest request) {
    Optional<Identity> identity = authenticate(request);
    if (identity.isEmpty()) {
      return Optional.of(status(401, "Unauthorized", "Unauthorized"));
    }
    RequestAttributes attributes = RequestAttributes.of(request.getMethod(), request.getPath());
    if (policy.allows(identity.get(), attributes)) return Optional.empty();
    String message = attributes.deniedMessage(identity.get().user());
    denials.add(message);
    LOG.warn("403 {} {}: {}", request.getMethod(), request.getPath(), message);
    return Optional.of(status(403, "Forbidden", message, attributes));
  }

  /** True for the request {@link #review} answers instead of the CRUD mock. */
  static boolean isSelfSubjectAccessReview(RecordedRequest request) {
    return "POST".equalsIgnoreCase(request.getMethod())
        && request.getPath().replaceFirst("\\?.*", "").equals(SELF_SUBJECT_ACCESS_REVIEWS);
  }

  /**
   * Answers a SelfSubjectAccessReview for the caller (already authenticated and allowed to create
   * it).
   */
  MockResponse review(RecordedRequest request) {
    Identity identity = authenticate(request).orElseThrow();
    SelfSubjectAccessReview review =
        Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
    if (review.getSpec() == null
        || (review.getSpec().getResourceAttributes() == null)
            == (review.getSpec().getNonResourceAttributes() == null)) {
      return status(
          422,
          "Invalid",
          "SelfSubjectAccessReview.authorization.k8s.io is invalid: spec: Invalid value:"
              + " exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }
    RequestAttributes asked =
        attributes(
            review.getSpec().getResourceAttributes(), review.getSpec().getNonResourceAttributes());
    Optional<String> allowedBy = policy.allowedBy(identity, asked);
    review.setStatus(
        new SubjectAccessReviewStatusBuilder()
            .withAllowed(allowedBy.isPresent())
            .withDenied(false)
            .withReason(allowedBy.orElse(""))
            .build());
    return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
  }

  /** What the server refused since it started, as the 403 messages it sent. */
  List<String> denials() {
    return List.copyOf(denials);
  }

  private Optional<Identity> authenticate(RecordedRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
    return Optional.ofNullable(tokens.get(header.substring(7).strip()));
  }

  private static RequestAttributes attributes(
      ResourceAttributes resource, NonResourceAttributes nonResource) {
    if (resource == null) {
      return new RequestAttributes(
          false, value(nonResource.getVerb()), "", "", "", "", "", value(nonResource.getPath()));
    }
    return new RequestAttributes(
        true,
        value(resource.getVerb()),
        value(resource.getGroup()),
        value(resource.getResource()),
        value(resource.getSubresource()),
        value(resource.getNamespace()),
        value(resource.getName()),
        "");
  }

  private static String value(String s) {
    return s == null ? "" : s;
  }

  private static MockResponse status(int code, String reason, String message) {
    return status(code, reason, message, null);
  }

  private static MockResponse status(
      int code, String reason, String message, RequestAttributes attributes) {
    StatusBuilder status =
        new StatusBuilder()
            .withCode(code)
            .withStatus("Failure")
            .withReason(reason)
            .withMessage(message);
    if (attributes != null && attributes.resourceRequest()) {
      status
          .withNewDetails()
          .withGroup(attributes.apiGroup())
          .withKind(attributes.resource())
          .withName(attributes.name().isEmpty() ? null : attributes.name())
          .endDetails();
    }
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(status.build()));
  }
}
