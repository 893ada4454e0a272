package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the load balancer's target groups can reach, read the way the AWS Load Balancer Controller
 * registers targets: the ready endpoints of each Service's EndpointSlices ({@code
 * discovery.k8s.io/v1}, label {@code kubernetes.io/service-name}), and the address the controller
 * published for the ingress in {@code status.loadBalancer.ingress}. A Deployment's status is not
 * enough: desired 0 counts as a complete rollout, and ready pods the Service does not select serve
 * nothing.
 *
 * <p>EndpointSlice: https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/ (an
 * endpoint with {@code conditions.ready} unset is "unknown", which the API tells consumers to treat
 * as ready; a terminating endpoint never is). Ingress status:
 * https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressStatus
 *
 * <pre>{@code
 * TargetHealth.Report report = new TargetHealth(kubernetes, "intelgraph-maestro").of("intelgraph-maestro-ingress",
 *     List.of("intelgraph-api", "intelgraph-api-canary"));
 * assertThat(report.problems()).as(report.describe()).isEmpty();
 * }</pre>
 */
public final class TargetHealth {

  /** The EndpointSlice label that names the owning Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** One Service's endpoints across its slices: how many are ready, and how many there are. */
  public record ServiceTargets(String service, int slices, int ready, int total) {
    public String describe() {
      return "Service %s: %d of %d endpoints ready in %d EndpointSlice(s)"
          .formatted(service, ready, total, slices);
    }
  }

  /** Every Service's targets and the ingress's published addresses. */
  public record Report(
      String namespace, String ingress, List<ServiceTargets> services, List<String> addresses) {
    public Report {
      services = List.copyOf(services);
      addresses = List.copyOf(addresses);
    }

    /**
     * What is wrong, one line each; empty means every Service has a ready target and the ingress
     * has an address.
     */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      for (ServiceTargets s : services) {
        if (s.ready() == 0) {
          problems.add(
              "Service %s/%s has no ready endpoint (%s): its target group has no healthy target"
                  .formatted(
                      namespace,
                      s.service(),
                      s.slices() == 0
                          ? "no EndpointSlice labelled %s=%s"
                              .formatted(SERVICE_NAME_LABEL, s.service())
                          : "%d endpoints in %d slices, none ready"
                              .formatted(s.total(), s.slices())));
        }
      }
      if (addresses.isEmpty()) {
        problems.add(
            "ingress %s/%s has no address in status.loadBalancer.ingress: the load balancer controller has not provisioned it"
                .formatted(namespace, ingress));
      }
      return problems;
    }

    public String describe() {
      return Stream.concat(
              services.stream().map(ServiceTargets::describe),
              Stream.of(
                  "ingress %s/%s address %s"
                      .formatted(namespace, ingress, addresses.isEmpty() ? "none" : addresses)))
          .toList()
          .toString();
    }
  }

  private final KubernetesClient kubernetes;
  private final String namespace;

  public TargetHealth(KubernetesClient kubernetes, String namespace) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  public Report of(String ingressName, List<String> services) {
    List<ServiceTargets> targets = services.stream().map(this::targets).toList();
    Ingress ingress =
        read(
            "ingress " + ingressName,
            () ->
                kubernetes
                    .network()
                    .v1()
                    .ingresses()
                    .inNamespace(namespace)
                    .withName(ingressName)
                    .get());
    if (ingress == null) {
      throw new ClusterException(
          "ingress %s/%s not found; check `cluster.namespace` and `cluster.ingress`"
              .formatted(namespace, ingressName));
    }
    List<String> addresses =
        ingress.getStatus() == null
                || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null
            ? List.of()
            : ingress.getStatus().getLoadBalancer().getIngress().stream()
                .map(TargetHealth::address)
                .filter(a -> !a.isEmpty())
                .toList();
    return new Report(namespace, ingressName, targets, addresses);
  }

  private ServiceTargets targets(String service) {
    List<EndpointSlice> slices =
        read(
            "EndpointSlices of Service " + service,
            () ->
                kubernetes
                    .discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(namespace)
                    .withLabel(SERVICE_NAME_LABEL, service)
                    .list()
                    .getItems());
    int ready = 0;
    int total = 0;
    for (EndpointSlice slice : slices) {
      for (Endpoint endpoint :
          slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
        total++;
        if (isReady(endpoint)) ready++;
      }
    }
    return new ServiceTargets(service, slices.size(), ready, total);
  }

  private static boolean isReady(Endpoint endpoint) {
    var conditions = endpoint.getConditions();
    if (conditions == null)
      return true; // unset conditions are "unknown", read as ready per the API
    if (Boolean.TRUE.equals(conditions.getTerminating())) return false;
    return !Boolean.FALSE.equals(conditions.getReady());
  }

  private static String address(IngressLoadBalancerIngress ingress) {
    if (ingress.getHostname() != null && !ingress.getHostname().isBlank())
      return ingress.getHostname();
    return ingress.getIp() == null ? "" : ingress.getIp().strip();
  }

  private <T> T read(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "cannot read %s in %s: %s".formatted(what, namespace, e.getMessage()), e);
    }
  }
}
