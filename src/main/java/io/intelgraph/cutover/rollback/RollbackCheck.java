package io.intelgraph.cutover.rollback;

/**
 * An extra verification after the rollback acted, e.g. "the canary's 5xx ratio is recovering",
 * plugged in by whoever owns that signal:
 *
 * <pre>{@code
 * RollbackCheck recovering = () -> {
 *   double ratio = gates.errorRatio("all");
 *   if (ratio > 0.01) throw new IllegalStateException("5xx ratio still " + ratio);
 *   return "5xx ratio " + ratio + " <= 1%";
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RollbackCheck {

  /** Returns what held; throws with the reason when it does not hold. May wait, with a bound. */
  String verify() throws Exception;
}
