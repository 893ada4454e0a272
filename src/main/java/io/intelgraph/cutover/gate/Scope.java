package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.PrometheusSettings;
import java.util.Locale;

/** Which traffic a gate judges: the stable track, the canary track, or both together. */
public enum Scope {
  STABLE,
  CANARY,
  ALL;

  /**
   * The label matchers for this scope, e.g. {@code track="canary"}; empty for {@code all} by
   * default.
   */
  public String selector(PrometheusSettings.Selectors selectors) {
    String selector =
        switch (this) {
          case STABLE -> selectors.stable();
          case CANARY -> selectors.canary();
          case ALL -> selectors.all();
        };
    return selector == null ? "" : selector.trim();
  }

  /** "canary" as written on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
