package io.intelgraph.cutover.sandbox;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.GateEvaluator;

/**
 * A started {@link Sandbox} with what tests and the run of show take from it: the {@code sandbox}
 * environment over its endpoints, the traffic router and (on first use) the gate evaluator; the one
 * place that starts a sandbox, for {@link SandboxTest}, the run of show's provisioner and the
 * command-line programs alike. {@link #reset()} brings it back to HEALTHY at its home canary
 * weight; {@link #close()} stops the evaluator and the sandbox.
 */
public final class SandboxResource implements AutoCloseable {

  private final Sandbox sandbox;
  private final int homeCanaryPercent;
  // loaded on first use: the run of show loads its own environment and never needs this one
  private Environment environment;
  private TrafficRouter router;
  private GateEvaluator evaluator;

  private SandboxResource(Sandbox sandbox, int homeCanaryPercent) {
    this.sandbox = sandbox;
    this.homeCanaryPercent = homeCanaryPercent;
  }

  /** Starts a sandbox with the reference API, the canary at 0 % (as the run of show finds it). */
  public static SandboxResource start() {
    return start(SandboxOptions.defaults().withApi(new ReferenceApiLauncher()), 0);
  }

  /**
   * Starts a sandbox and moves the canary to {@code canaryPercent}, its home weight that {@link
   * #reset()} returns to; closes the sandbox if that fails.
   */
  public static SandboxResource start(SandboxOptions options, int canaryPercent) {
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException(
          "sandbox canary weight is %d %%; expected 0 to 100, e.g. 20".formatted(canaryPercent));
    }
    Sandbox sandbox = Sandbox.start(options);
    try {
      SandboxResource resource = new SandboxResource(sandbox, canaryPercent);
      // the sandbox starts with the canary at 0 %
      if (canaryPercent != 0) resource.router().setCanaryPercent(canaryPercent);
      return resource;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** The {@code sandbox} environment loaded over this sandbox's endpoints. */
  public synchronized Environment environment() {
    if (environment == null) environment = sandbox.environment();
    return environment;
  }

  /** The traffic router over the sandbox's ingress, as the {@code sandbox} environment names it. */
  public synchronized TrafficRouter router() {
    if (router == null) router = new TrafficRouter(sandbox.kubernetes(), environment().cluster());
    return router;
  }

  /** The gate evaluator pointed at the sandbox's Prometheus, created on first use. */
  public synchronized GateEvaluator evaluator() {
    if (evaluator == null) evaluator = GateEvaluator.forEnvironment(environment());
    return evaluator;
  }

  /**
   * Back to HEALTHY: every fault cleared and, when the API runs (without it there is no traffic),
   * the canary at its home weight.
   */
  public void reset() {
    sandbox.faults().activate(Fault.HEALTHY);
    if (sandbox.endpoints().api().isPresent() && router().canaryPercent() != homeCanaryPercent) {
      router().setCanaryPercent(homeCanaryPercent);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (evaluator != null) evaluator.close();
    } finally {
      sandbox.close();
    }
  }
}
