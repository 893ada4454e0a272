package io.intelgraph.cutover.config;

import java.util.Optional;

/**
 * The Kubernetes objects the cutover reads and moves: the two deployments, the ingress whose ALB
 * {@code actions.<routingAction>} annotation holds the weights, and optionally a Gateway API
 * HTTPRoute; and how the API server is reached.
 *
 * @param context the kubeconfig context to use; absent = the kubeconfig's current context (ignored
 *     when {@code endpoints.kubernetes} names the API server)
 * @param caFile a PEM CA bundle for the API server named by {@code endpoints.kubernetes}; absent =
 *     the JDK's trust store (a kubeconfig brings its own {@code certificate-authority-data})
 * @param insecureSkipTlsVerify trust any API server certificate (kubectl's {@code
 *     --insecure-skip-tls-verify}); false by default, and a warning in the console and report when
 *     true
 * @param token a bearer token for the API server, by reference ({@code token: {file: PATH}} or
 *     {@code {env: NAME}}), e.g. a ServiceAccount token
 *     (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#service-account-tokens)
 *     for a runner outside the cluster; absent = the kubeconfig's credentials or the in-cluster
 *     service account
 */
public record Cluster(
    String namespace,
    String ingress,
    String routingAction,
    String stableService,
    String canaryService,
    String stableDeployment,
    String canaryDeployment,
    Optional<String> httpRoute,
    Optional<String> context,
    Optional<java.nio.file.Path> caFile,
    boolean insecureSkipTlsVerify,
    Optional<Secret> token) {

  /**
   * The objects only, with the API server reached through the current kubeconfig context and TLS
   * verified.
   */
  public Cluster(
      String namespace,
      String ingress,
      String routingAction,
      String stableService,
      String canaryService,
      String stableDeployment,
      String canaryDeployment,
      Optional<String> httpRoute) {
    this(
        namespace,
        ingress,
        routingAction,
        stableService,
        canaryService,
        stableDeployment,
        canaryDeployment,
        httpRoute,
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** The ALB annotation that carries the weighted-routing action. */
  public String routingAnnotation() {
    return "alb.ingress.kubernetes.io/actions." + routingAction;
  }
}
