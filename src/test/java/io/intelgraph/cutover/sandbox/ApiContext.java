package io.intelgraph.cutover.sandbox;

import io.intelgraph.cutover.sandbox.cluster.IngressTrafficWeights;
import io.intelgraph.cutover.sandbox.oidc.OidcProvider;
import java.time.Clock;
import java.util.Objects;

/**
 * What the sandbox hands an {@link ApiLauncher}: the OIDC provider (JWKS, tokens), the canary
 * weight from the ingress, the fault switch, and the sandbox clock.
 */
public record ApiContext(
    OidcProvider oidc, IngressTrafficWeights trafficWeights, FaultSwitch faults, Clock clock) {
  public ApiContext {
    Objects.requireNonNull(oidc, "oidc");
    Objects.requireNonNull(trafficWeights, "trafficWeights");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(clock, "clock");
  }
}
