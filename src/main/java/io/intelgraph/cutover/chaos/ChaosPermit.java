package io.intelgraph.cutover.chaos;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;

/**
 * Whether this environment allows the suite to inject chaos. Chaos acts on the real cluster, so it
 * is opt-in per environment ({@code chaos.enabled}) and never in {@code mode: observe}, where the
 * suite changes nothing. Refusing is a failure of the line with the reason, never a skip or a pass.
 *
 * <pre>{@code ChaosPermit.require(env, "Pod deletion test");}</pre>
 */
public final class ChaosPermit {

  /** The refusal when chaos is off, as docs/operations.md documents it. */
  public static final String OFF =
      "not configured: chaos is off for this environment; set chaos.enabled: true to run it";

  private ChaosPermit() {}

  /**
   * Throws {@link ChaosException} naming the line and the environment unless chaos may run there.
   */
  public static void require(Environment env, String line) {
    if (!env.chaos().enabled()) {
      throw new ChaosException("%s: %s (environment '%s')".formatted(line, OFF, env.name()));
    }
    if (env.mode() == Mode.OBSERVE) {
      throw new ChaosException(
          ("%s: refused: environment '%s' is in mode: observe, where the suite only verifies and changes nothing; "
                  + "a chaos experiment deletes pods and drains nodes. Run it from an environment in mode: drive")
              .formatted(line, env.name()));
    }
  }
}
