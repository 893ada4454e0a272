package io.intelgraph.cutover.session;

import java.util.Locale;

/** The runbook's sections, in order; each is a JUnit tag ({@code -Dgroups=gate}). */
public enum Phase {
  BASELINE,
  PREFLIGHT,
  CANARY,
  RAMP,
  GATE,
  EVIDENCE,
  KPI,
  CLOSEOUT;

  /** The tag, e.g. {@code gate}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
