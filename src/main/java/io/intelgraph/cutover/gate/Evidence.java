package io.intelgraph.cutover.gate;

import java.util.Objects;

/**
 * One question asked for a gate evaluation and the answer as received, so a person can re-run the
 * query and recompute the outcome.
 *
 * @param role {@code value}, {@code traffic} or {@code freshness}
 * @param query the resolved PromQL
 * @param answer the raw JSON answer (for replay: the step's {@code [time, "value"]} pair), or the error
 */
public record Evidence(String role, String query, String answer) {
  public Evidence {
    Objects.requireNonNull(role);
    Objects.requireNonNull(query);
    Objects.requireNonNull(answer);
  }
}
