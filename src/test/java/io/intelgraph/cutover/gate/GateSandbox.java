package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.sandbox.ReferenceApiLauncher;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxOptions;

/**
 * A sandbox with its API and load, and the gate evaluator and traffic router pointed at it through
 * the sandbox environment (which names the ingress, services and HTTPRoute, as for the run of
 * show): what the gate tests against the real Prometheus start with. The canary starts at 0 %.
 */
final class GateSandbox implements AutoCloseable {

  final Sandbox sandbox;
  final Environment environment;
  final GateEvaluator evaluator;
  final TrafficRouter router;

  private GateSandbox(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.environment = sandbox.environment();
    this.evaluator = GateEvaluator.forEnvironment(environment);
    this.router = new TrafficRouter(sandbox.kubernetes(), environment.cluster());
  }

  static GateSandbox start() {
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withApi(new ReferenceApiLauncher()));
    try {
      return new GateSandbox(sandbox);
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      evaluator.close();
    } finally {
      sandbox.close();
    }
  }
}
