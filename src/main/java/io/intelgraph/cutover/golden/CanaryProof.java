package io.intelgraph.cutover.golden;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a golden's sampling reached the canary often enough to judge it: {@code reached} of
 * {@code runs} samples were served by the canary, {@code required} were needed. {@code how} says
 * how a sample's track was known; {@code unprovable} says why it could not be known at all.
 *
 * <pre>{@code
 * assertThat(report.canary()).hasValueSatisfying(c -> assertThat(c.met()).as(c.describe()).isTrue());
 * }</pre>
 */
public record CanaryProof(
    int required, int reached, int runs, String how, Optional<String> unprovable) {

  public CanaryProof {
    Objects.requireNonNull(how, "how");
    Objects.requireNonNull(unprovable, "unprovable");
    if (required < 1)
      throw new IllegalArgumentException("required must be at least 1, got " + required);
    if (reached < 0 || reached > runs)
      throw new IllegalArgumentException(
          "reached %d must be within 0..runs %d".formatted(reached, runs));
  }

  /** True when the canary served at least {@code required} samples, provably. */
  public boolean met() {
    return unprovable.isEmpty() && reached >= required;
  }

  /**
   * One line for a report, e.g. {@code 0 of 100 samples reached the canary (needed 5; track by
   * response header x-track)}.
   */
  public String describe() {
    if (unprovable.isPresent()) {
      return "could not prove the canary was exercised: %d of %d samples provably reached the canary (needed %d): %s"
          .formatted(reached, runs, required, unprovable.get());
    }
    return "%d of %d samples reached the canary (needed %d; track by %s)"
        .formatted(reached, runs, required, how);
  }
}
