package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What was checked after the rollback acted, e.g. {@code canary weight 0 on ingress ns/web: ok}.
 *
 * @param passed true only if every check held
 */
public record Verification(boolean passed, List<String> checks, Instant at) {
  public Verification {
    checks = List.copyOf(checks);
    Objects.requireNonNull(at, "verification time");
  }
}
