package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;

/**
 * Sends all traffic back to stable on a Gateway API HTTPRoute: in every rule, the stable service's
 * backendRef gets weight 100 and every other backendRef 0.
 */
final class HttpRouteTrafficAction implements RollbackAction {

  private final TrafficRouter router;
  private final Cluster cluster;
  private final String route;

  HttpRouteTrafficAction(TrafficRouter router, Cluster cluster, String route) {
    this.router = router;
    this.cluster = cluster;
    this.route = route;
  }

  @Override
  public String name() {
    return "traffic-httproute";
  }

  @Override
  public String description() {
    return "httproute %s/%s backendRefs: %s weight 100, %s weight 0"
        .formatted(cluster.namespace(), route, cluster.stableService(), cluster.canaryService());
  }

  @Override
  public java.util.List<io.intelgraph.cutover.cluster.AccessRequest> requests() {
    return router.httpRouteRequests(route);
  }

  @Override
  public String execute(RollbackRequest request) {
    try {
      return router.httpRouteAllToStable(route);
    } catch (ClusterException e) {
      throw new RollbackActionException(e.getMessage(), e);
    }
  }
}
