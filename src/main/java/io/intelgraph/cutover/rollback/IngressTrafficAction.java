package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;

/**
 * Sends all traffic back to stable on the ALB ingress: in the {@code
 * alb.ingress.kubernetes.io/actions.<routing_action>} forward action, the stable service's target
 * group gets weight 100 and every other group 0. The rest of the JSON is kept as it was.
 */
final class IngressTrafficAction implements RollbackAction {

  private final TrafficRouter router;
  private final Cluster cluster;

  IngressTrafficAction(TrafficRouter router, Cluster cluster) {
    this.router = router;
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "traffic";
  }

  @Override
  public String description() {
    return "ingress %s/%s annotation %s: %s weight 100, %s weight 0"
        .formatted(
            cluster.namespace(),
            cluster.ingress(),
            cluster.routingAnnotation(),
            cluster.stableService(),
            cluster.canaryService());
  }

  @Override
  public java.util.List<io.intelgraph.cutover.cluster.AccessRequest> requests() {
    return router.ingressRequests();
  }

  @Override
  public String execute(RollbackRequest request) {
    try {
      return router.ingressAllToStable();
    } catch (ClusterException e) {
      throw new RollbackActionException(e.getMessage(), e);
    }
  }
}
