package io.intelgraph.cutover.sandbox.api;

/**
 * One deployment track of the reference API. Each track has its own metrics endpoint and its own
 * fault behaviour; both share one entity store, like two deployments on one database. {@code
 * api.metricsUrl(Track.CANARY)}.
 */
public enum Track {
  STABLE("stable"),
  CANARY("canary");

  private final String label;

  Track(String label) {
    this.label = label;
  }

  /** The value of the {@code track} metric label and of the {@code x-served-by} header. */
  public String label() {
    return label;
  }
}
