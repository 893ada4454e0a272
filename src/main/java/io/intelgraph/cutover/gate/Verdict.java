package io.intelgraph.cutover.gate;

/** The traffic light for a gate or the release, ordered from best to worst. */
public enum Verdict {
  /** The latest evaluation passed. */
  GREEN,
  /** One fresh failure: keep watching, change nothing. */
  YELLOW,
  /** Roll back. */
  RED;

  /** The worse of the two. */
  public Verdict worse(Verdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
