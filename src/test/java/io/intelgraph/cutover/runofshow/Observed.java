package io.intelgraph.cutover.runofshow;

import io.intelgraph.cutover.config.Environment;

/** What the ramp and gate-check lines share: whether the policy engine is judged at all. */
final class Observed {

  private Observed() {}

  /**
   * A runbook line on the policy engine gate runs where the gate is judged; with {@code
   * preflight.opa_gate.enabled: false} it is skipped, saying so (a decision of the environment, not
   * a pass).
   */
  static void policyEngineJudged(Environment env) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        env.preflight().opaGate().enabled(),
        () ->
            ("preflight.opa_gate.enabled is false in environment %s:"
                    + " the policy engine is not judged after T-15, so the runbook's RED \"OPA failure\" is not watched live; set it to true to judge it")
                .formatted(env.name()));
  }
}
