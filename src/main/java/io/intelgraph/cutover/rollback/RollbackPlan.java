package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.ledger.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The ordered actions that undo the cutover, built from the environment: traffic back to stable on
 * the ingress (and the HTTPRoute, if configured), the canary scaled to 0, then the optional script
 * and webhook. It acts; it does not decide whether to act (that is {@link Rollback}, with the
 * ledger).
 *
 * <p>An action that fails stops the ones after it (scaling the canary while it still takes traffic
 * would turn a slow canary into an outage), except those that {@linkplain
 * RollbackAction#runsAfterFailure run anyway}, like the webhook. Every action is idempotent
 * (weights set to stable 100, replicas set to 0, script and webhook given the same idempotency
 * key), because a run that takes over from a runner that died runs the whole plan again.
 *
 * <pre>{@code
 * RollbackPlan plan = RollbackPlan.of(env, client, List.of(errorRatioRecovering), recoveryProof);
 * List<ActionResult> results = plan.execute(request);
 * Verification verification = plan.verify();
 * Optional<StableRecovery> stable = plan.proveRecovery(results);   // when the actions and verification held
 * }</pre>
 *
 * <p>The {@link RecoveryProof} is what makes a rollback DONE rather than only applied: the weights
 * and replica counts say the traffic moved, the proof says stable serves it.
 */
public final class RollbackPlan {

  private final List<RollbackAction> actions;
  private final KubernetesClient client;
  private final Cluster cluster;
  private final List<RollbackCheck> checks;
  private final Optional<RecoveryProof> recoveryProof;
  private final Optional<WebhookAction> webhook;

  /**
   * The actions that move the traffic back to stable: the switch is when the last of them finished.
   */
  static final Set<String> TRAFFIC_ACTIONS = Set.of("traffic", "traffic-httproute");

  /**
   * What the cluster steps (a few API calls each) and the extra checks may take, beyond the
   * configured timeouts.
   */
  static final Duration UNTIMED_STEPS = Duration.ofMinutes(2);

  private final Duration verifyTimeout;
  private final Duration maxDuration;
  private final Clock clock;

  RollbackPlan(
      List<RollbackAction> actions,
      KubernetesClient client,
      Cluster cluster,
      List<RollbackCheck> checks,
      Optional<RecoveryProof> recoveryProof,
      Duration verifyTimeout,
      Duration maxDuration,
      Clock clock) {
    this.actions = List.copyOf(actions);
    this.client = client;
    this.cluster = cluster;
    this.checks = List.copyOf(checks);
    this.recoveryProof = recoveryProof;
    this.webhook =
        actions.stream()
            .filter(WebhookAction.class::isInstance)
            .map(WebhookAction.class::cast)
            .findFirst();
    this.verifyTimeout = verifyTimeout;
    this.maxDuration = maxDuration;
    this.clock = clock;
  }

  /**
   * The plan for this environment without a stable-health proof: DONE once the cluster says so. For
   * the suite's own tests of the mechanics; a cutover's plan has its {@link RecoveryProof}.
   */
  public static RollbackPlan of(
      Environment env, KubernetesClient client, List<RollbackCheck> extraChecks) {
    return of(env, client, extraChecks, Optional.empty());
  }

  /**
   * The plan for this environment; {@code extraChecks} verify more than the cluster state, and
   * {@code proof} decides DONE or DONE_UNHEALTHY once they held.
   */
  public static RollbackPlan of(
      Environment env,
      KubernetesClient client,
      List<RollbackCheck> extraChecks,
      RecoveryProof proof) {
    return of(env, client, extraChecks, Optional.of(proof));
  }

  private static RollbackPlan of(
      Environment env,
      KubernetesClient client,
      List<RollbackCheck> extraChecks,
      Optional<RecoveryProof> proof) {
    Cluster cluster = env.cluster();
    List<RollbackAction> actions = new ArrayList<>();
    TrafficRouter router = new TrafficRouter(client, cluster);
    actions.add(new IngressTrafficAction(router, cluster));
    cluster
        .httpRoute()
        .ifPresent(route -> actions.add(new HttpRouteTrafficAction(router, cluster, route)));
    actions.add(new ScaleCanaryAction(client, cluster));
    env.rollback()
        .script()
        .ifPresent(
            script ->
                actions.add(
                    new ScriptAction(
                        script, env.rollback().scriptTimeout(), Path.of("").toAbsolutePath())));
    env.rollback()
        .webhook()
        .ifPresent(
            url ->
                actions.add(
                    new WebhookAction(
                        url, env.rollback().webhookToken(), env.rollback().webhookTimeout())));
    var spec = env.rollback();
    Duration worstCase =
        UNTIMED_STEPS
            .plus(spec.verifyTimeout())
            .plus(spec.script().isPresent() ? spec.scriptTimeout() : Duration.ZERO)
            .plus(spec.webhook().isPresent() ? spec.webhookTimeout() : Duration.ZERO)
            // the proof's wait, then paging that stable is still unhealthy
            .plus(
                proof
                    .map(
                        p ->
                            p.timeout()
                                .plus(
                                    spec.webhook().isPresent()
                                        ? spec.webhookTimeout()
                                        : Duration.ZERO))
                    .orElse(Duration.ZERO));
    return new RollbackPlan(
        actions,
        client,
        cluster,
        extraChecks,
        proof,
        spec.verifyTimeout(),
        worstCase,
        Clock.systemUTC());
  }

  /**
   * How long executing and verifying may take at worst: every configured timeout plus the cluster
   * steps.
   */
  public Duration maxDuration() {
    return maxDuration;
  }

  /**
   * This plan with {@code first} run before its own actions (e.g. a test's stand-in for a runner
   * dying).
   */
  RollbackPlan startingWith(RollbackAction first) {
    List<RollbackAction> all = new ArrayList<>();
    all.add(first);
    all.addAll(actions);
    return new RollbackPlan(
        all, client, cluster, checks, recoveryProof, verifyTimeout, maxDuration, clock);
  }

  /** The actions, in the order they run. */
  public List<RollbackAction> actions() {
    return actions;
  }

  /**
   * Every Kubernetes API request executing and verifying this plan makes, derived from its actions
   * (so a check of them cannot drift from what runs), plus the reads of {@link #verify()}, which
   * the actions' own reads already cover: the ingress, the HTTPRoute and the canary deployment.
   */
  public List<io.intelgraph.cutover.cluster.AccessRequest> requests() {
    return actions.stream().flatMap(action -> action.requests().stream()).distinct().toList();
  }

  /**
   * Runs every action (or, for a dry run, records each as DRY_RUN) and returns what happened, in
   * order.
   */
  public List<ActionResult> execute(RollbackRequest request) {
    List<ActionResult> results = new ArrayList<>();
    String firstFailure = null;
    for (RollbackAction action : actions) {
      Instant started = clock.instant();
      if (request.dryRun()) {
        results.add(
            new ActionResult(
                action.name(),
                action.description(),
                ActionResult.Status.DRY_RUN,
                "dry run: not executed",
                started,
                started));
      } else if (firstFailure != null && !action.runsAfterFailure()) {
        results.add(
            new ActionResult(
                action.name(),
                action.description(),
                ActionResult.Status.SKIPPED,
                "not run: " + firstFailure + " failed before it",
                started,
                started));
      } else {
        try {
          String detail = action.execute(request);
          results.add(
              new ActionResult(
                  action.name(),
                  action.description(),
                  ActionResult.Status.DONE,
                  detail,
                  started,
                  clock.instant()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(
              new ActionResult(
                  action.name(),
                  action.description(),
                  ActionResult.Status.FAILED,
                  "interrupted",
                  started,
                  clock.instant()));
          firstFailure = firstFailure == null ? action.name() : firstFailure;
        } catch (Exception e) {
          String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
          results.add(
              new ActionResult(
                  action.name(),
                  action.description(),
                  ActionResult.Status.FAILED,
                  reason,
                  started,
                  clock.instant()));
          firstFailure = firstFailure == null ? action.name() : firstFailure;
        }
      }
    }
    return results;
  }

  /**
   * Checks the rollback took hold: no weight on the canary (ingress, HTTPRoute), the canary
   * deployment at 0 replicas (awaited up to {@code rollback.verify_timeout}), then the extra
   * checks.
   */
  public Verification verify() {
    List<String> lines = new ArrayList<>();
    boolean passed = true;
    passed &= check(lines, "canary weight 0 on ingress", this::ingressDrained);
    if (cluster.httpRoute().isPresent()) {
      passed &= check(lines, "canary weight 0 on httproute", this::routeDrained);
    }
    passed &= check(lines, "canary deployment at 0 replicas", this::canaryScaledDown);
    for (int i = 0; i < checks.size(); i++) {
      passed &= check(lines, "check " + (i + 1), checks.get(i));
    }
    return new Verification(passed, lines, clock.instant());
  }

  /**
   * Proves stable serves after the switch, when the plan has a {@link RecoveryProof} and the
   * traffic actions ran: the switch is when the last of them finished. If stable is still
   * unhealthy, pages through the rollback webhook (a second call, marked unhealthy) and records the
   * answer.
   *
   * @param results what {@link #execute} returned, the actions and verification having held
   * @param request the rollback's request, for the page
   */
  public Optional<StableRecovery> proveRecovery(
      List<ActionResult> results, RollbackRequest request) {
    if (recoveryProof.isEmpty()) return Optional.empty();
    Instant switchedAt =
        results.stream()
            .filter(
                r -> TRAFFIC_ACTIONS.contains(r.action()) && r.status() == ActionResult.Status.DONE)
            .map(ActionResult::finished)
            .max(Instant::compareTo)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no traffic action is DONE in "
                            + results
                            + "; nothing moved back to stable to prove"));
    StableRecovery recovery;
    try {
      recovery = recoveryProof.get().prove(switchedAt);
    } catch (RuntimeException e) {
      // a bug in the proof must not leave the rollback EXECUTING: stable is then simply not proven
      // healthy
      recovery =
          StableRecovery.unhealthy(
              switchedAt,
              clock.instant(),
              recoveryProof.get().timeout(),
              List.of(),
              List.of(
                  "the stable-health proof failed: "
                      + (e.getMessage() == null ? e.getClass().getName() : e.getMessage())));
    }
    return Optional.of(recovery.healthy() ? recovery : recovery.withPaged(page(request, recovery)));
  }

  /**
   * Tells people stable is still unhealthy: the webhook's answer, or that there is no webhook to
   * tell.
   */
  private String page(RollbackRequest request, StableRecovery recovery) {
    if (webhook.isEmpty()) {
      return "nobody: no rollback.webhook is configured; set it so that an unhealthy stable pages someone";
    }
    try {
      return "rollback webhook " + webhook.get().pageUnhealthy(request, recovery);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the rollback webhook page was interrupted: nobody may have been told";
    } catch (Exception e) {
      return "the rollback webhook page FAILED (%s): nobody may have been told"
          .formatted(e.getMessage());
    }
  }

  private static boolean check(List<String> lines, String name, RollbackCheck check) {
    try {
      lines.add(name + ": ok, " + check.verify());
      return true;
    } catch (Exception | AssertionError e) {
      lines.add(name + ": FAILED, " + e.getMessage());
      return false;
    }
  }

  private String ingressDrained() {
    var weights = new TrafficRouter(client, cluster).ingressWeights();
    requireDrained(weights, "ingress " + cluster.ingress());
    return "weights " + weights;
  }

  private String routeDrained() {
    String route = cluster.httpRoute().orElseThrow();
    var weights = new TrafficRouter(client, cluster).httpRouteWeights(route);
    requireDrained(weights, "httproute " + route);
    return "weights " + weights;
  }

  private void requireDrained(java.util.Map<String, Integer> weights, String where) {
    if (weights.getOrDefault(cluster.canaryService(), 0) != 0
        || weights.getOrDefault(cluster.stableService(), 0) <= 0) {
      throw new IllegalStateException(
          "%s still routes %s (expected %s 0, %s > 0)"
              .formatted(where, weights, cluster.canaryService(), cluster.stableService()));
    }
  }

  private String canaryScaledDown() {
    var deployment =
        client
            .apps()
            .deployments()
            .inNamespace(cluster.namespace())
            .withName(cluster.canaryDeployment());
    try {
      Awaitility.await("canary deployment %s drained".formatted(cluster.canaryDeployment()))
          .atMost(verifyTimeout)
          .pollInterval(Duration.ofMillis(500))
          // look at once: a canary the API server already shows at 0 needs no half-second wait
          .pollDelay(Duration.ZERO)
          .until(() -> scaledDown(deployment.get()));
    } catch (ConditionTimeoutException e) {
      Deployment d = deployment.get();
      throw new IllegalStateException(
          "deployment %s/%s not at 0 replicas after %s (spec %s, running %s)"
              .formatted(
                  cluster.namespace(),
                  cluster.canaryDeployment(),
                  verifyTimeout,
                  d == null ? "gone" : d.getSpec().getReplicas(),
                  d == null || d.getStatus() == null ? "unknown" : d.getStatus().getReplicas()),
          e);
    }
    return "spec and status at 0";
  }

  private static boolean scaledDown(Deployment d) {
    if (d == null) return false;
    Integer spec = d.getSpec() == null ? null : d.getSpec().getReplicas();
    Integer running = d.getStatus() == null ? null : d.getStatus().getReplicas();
    return spec != null && spec == 0 && (running == null || running == 0);
  }
}
