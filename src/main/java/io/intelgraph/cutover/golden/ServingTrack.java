package io.intelgraph.cutover.golden;

import java.util.Locale;

/**
 * Which track of the cutover served a golden's request: {@code stable}, {@code canary}, or {@code
 * unknown} when nothing said so (no track header configured, the header absent or with a value that
 * names neither track, or no answer at all).
 *
 * <pre>{@code
 * if (result.track() == ServingTrack.CANARY) canaryRuns++;
 * }</pre>
 */
public enum ServingTrack {
  STABLE,
  CANARY,
  UNKNOWN;

  /** The lower-case name used in reports, e.g. {@code canary}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
