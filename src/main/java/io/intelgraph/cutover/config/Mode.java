package io.intelgraph.cutover.config;

/**
 * Whether the suite moves traffic itself ({@code drive}) or only verifies what others did ({@code
 * observe}).
 */
public enum Mode {
  DRIVE,
  OBSERVE
}
