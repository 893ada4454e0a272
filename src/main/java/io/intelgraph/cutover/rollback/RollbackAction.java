package io.intelgraph.cutover.rollback;

/**
 * One step of the {@link RollbackPlan}, e.g. "ingress ns/web: stable 100, canary 0".
 *
 * <pre>{@code
 * String done = action.execute(request);   // throws with the reason when the step did not happen
 * }</pre>
 */
public interface RollbackAction {

  /** Short name for the ledger and the report, e.g. {@code traffic}. */
  String name();

  /** What it does, in words; also what a dry run records. */
  String description();

  /** Performs the step and says what happened; throws, with the reason, if it did not happen. */
  String execute(RollbackRequest request) throws Exception;

  /**
   * The Kubernetes API requests {@link #execute} makes, so a pre-flight can ask the API server
   * whether they are allowed ({@code kubectl auth can-i}); empty for steps that do not touch the
   * cluster.
   */
  default java.util.List<io.intelgraph.cutover.cluster.AccessRequest> requests() {
    return java.util.List.of();
  }

  /** True for steps that must run even after an earlier step failed (notifying people). */
  default boolean runsAfterFailure() {
    return false;
  }
}
