package io.intelgraph.cutover.gate;

import java.util.Objects;

/**
 * One question asked for a gate evaluation and the answer as received, so a person can re-run the
 * query and recompute the outcome.
 *
 * @param role {@code value}, {@code traffic}, {@code freshness}, {@code rules}; for the comparison
 *     with stable {@code stable value}, {@code canary samples} and {@code stable samples}
 * @param query the resolved PromQL
 * @param answer the raw JSON answer (for replay: the step's {@code [time, "value"]} pair, or the
 *     window's pairs), or the error
 */
public record Evidence(String role, String query, String answer) {
  public Evidence {
    Objects.requireNonNull(role);
    Objects.requireNonNull(query);
    Objects.requireNonNull(answer);
  }
}
