package io.intelgraph.cutover.runbook.ramp;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.HashMap;
import java.util.Map;

/**
 * "Canary mode disabled: Locked to production configuration", concretely: the ingress (and the
 * HTTPRoute, if any) sends 100 % to the canary service and 0 to every other group, the ingress
 * carries {@value #LOCK_ANNOTATION}{@code =true} (set here in drive mode, required in observe
 * mode), and the ledger records a traffic step of 100 % with phase {@code locked}, from which the
 * gate checks count.
 */
public final class LockedConfiguration implements RunbookLine {

  /** The ingress annotation that says the configuration is locked. */
  public static final String LOCK_ANNOTATION = "maestro.intelgraph.ai/locked";

  @Override
  public LineReport run(LineContext context) {
    Environment environment = context.environment();
    Cluster cluster = environment.cluster();
    KubernetesClient kubernetes = context.kubernetes();
    String where = "ingress %s/%s".formatted(cluster.namespace(), cluster.ingress());
    LineReport.Builder report = context.report();
    try {
      TrafficRouter router = new TrafficRouter(kubernetes, cluster);
      Map<String, Integer> weights = router.ingressWeights();
      report.evidence(where + " weights (" + cluster.routingAnnotation() + ")", weights);
      report.problemIf(
          weights.getOrDefault(cluster.canaryService(), 0) != 100,
          "%s sends %s %% to the canary %s; locked means all traffic to it",
          where,
          weights.get(cluster.canaryService()),
          cluster.canaryService());
      weights.forEach(
          (service, weight) ->
              report.problemIf(
                  !service.equals(cluster.canaryService()) && weight != 0,
                  "%s still sends %d %% to %s; locked means 0 to every other group",
                  where,
                  weight,
                  service));
      router
          .httpRouteCanaryPercent()
          .ifPresent(
              percent ->
                  report.problemIf(
                      percent != 100,
                      "HTTPRoute %s sends %d %% to the canary; locked means 100",
                      cluster.httpRoute().orElseThrow(),
                      percent));
      var ingresses = kubernetes.network().v1().ingresses().inNamespace(cluster.namespace());
      if (environment.mode() == Mode.DRIVE && !report.hasProblems()) {
        ingresses
            .withName(cluster.ingress())
            .edit(
                ingress -> {
                  Map<String, String> annotations =
                      new HashMap<>(
                          ingress.getMetadata().getAnnotations() == null
                              ? Map.of()
                              : ingress.getMetadata().getAnnotations());
                  annotations.put(LOCK_ANNOTATION, "true");
                  ingress.getMetadata().setAnnotations(annotations);
                  return ingress;
                });
      }
      Ingress ingress = ingresses.withName(cluster.ingress()).get();
      Map<String, String> annotations =
          ingress == null || ingress.getMetadata().getAnnotations() == null
              ? Map.of()
              : ingress.getMetadata().getAnnotations();
      report.evidence(where + " " + LOCK_ANNOTATION, annotations.get(LOCK_ANNOTATION));
      report.problemIf(
          !"true".equals(annotations.get(LOCK_ANNOTATION)),
          "%s must carry %s=true once the configuration is locked (%s mode), it has '%s'%s",
          where,
          LOCK_ANNOTATION,
          environment.mode(),
          annotations.get(LOCK_ANNOTATION),
          environment.mode() == Mode.DRIVE
              ? "; the weights above are not locked yet"
              : "; whoever drives the cutover sets it");
    } catch (RuntimeException e) {
      return report
          .problem(
              "%s cannot be read or annotated: %s; check the suite's RBAC on it",
              where, e.getMessage())
          .judged();
    }
    LineReport judged = report.judged();
    if (judged.passed()) {
      context
          .ledger()
          .update(
              l -> l.withTraffic(new TrafficStep(100, TrafficStep.LOCKED, judged.observedAt())));
    }
    return judged;
  }
}
