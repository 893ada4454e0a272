package io.intelgraph.cutover.session;

import static io.intelgraph.cutover.session.Phase.BASELINE;
import static io.intelgraph.cutover.session.Phase.CANARY;
import static io.intelgraph.cutover.session.Phase.CLOSEOUT;
import static io.intelgraph.cutover.session.Phase.EVIDENCE;
import static io.intelgraph.cutover.session.Phase.GATE;
import static io.intelgraph.cutover.session.Phase.KPI;
import static io.intelgraph.cutover.session.Phase.PREFLIGHT;
import static io.intelgraph.cutover.session.Phase.RAMP;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.rollback.Rollback;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What each phase builds on, as one table, judged from the ledger alone so that it holds in one
 * process and across runners:
 *
 * <pre>
 * phase      needs PASSED in this attempt   needs the locked 100 % step   refused once traffic   after a rollback
 * baseline   -                              no                            moved at all           refused
 * preflight  -                              no                            moved at all           refused
 * canary     baseline, preflight            no                            moved past canary      refused
 * ramp       canary                         no                            -                      refused
 * gate       -                              yes (or a held canary)        -                      refused
 * evidence   -                              no                            -                      runs (documents the failure)
 * kpi        -                              yes                           -                      refused
 * closeout   -                              yes                           -                      refused
 * </pre>
 *
 * <p>Design note: only {@code PASSED} satisfies a prerequisite. {@code PASSED_WITH_SKIPS} does not:
 * a skipped preflight or baseline line is a protection of the traffic move that nobody checked, so
 * the canary is refused with the skipped lines and their reasons, and the fix is to configure what
 * they need and run that phase again. Failing closed costs nothing when the phase has no skip and
 * cannot let traffic move past an unchecked line.
 *
 * <p>A held canary ({@code rollback.on_halt: hold}, see {@link HaltRule}) stands in for the lock
 * for the gate phase only: the gate checks then watch the canary at its held weight until a person
 * decides; KPI and closeout still need the release at 100 %.
 */
public final class PhaseTable {

  /** How far the traffic may have moved for a phase to run (or run again). */
  public enum TrafficLimit {
    ANY,
    /**
     * Not once any traffic step is recorded: baselines of the stable track, checks before the move.
     */
    NONE_MOVED,
    /**
     * Not once the ramp moved past the canary weight: a re-run would send the release back to it.
     */
    AT_CANARY_AT_MOST
  }

  /** One row of the table. */
  public record Row(
      List<Phase> needsPassed,
      boolean needsLockedStep,
      TrafficLimit trafficLimit,
      boolean runsAfterRollback,
      boolean watchesHeldCanary) {}

  public static final Map<Phase, Row> TABLE =
      table(
          Map.of(
              BASELINE, new Row(List.of(), false, TrafficLimit.NONE_MOVED, false, false),
              PREFLIGHT, new Row(List.of(), false, TrafficLimit.NONE_MOVED, false, false),
              CANARY,
                  new Row(
                      List.of(BASELINE, PREFLIGHT),
                      false,
                      TrafficLimit.AT_CANARY_AT_MOST,
                      false,
                      false),
              RAMP, new Row(List.of(CANARY), false, TrafficLimit.ANY, false, false),
              GATE, new Row(List.of(), true, TrafficLimit.ANY, false, true),
              EVIDENCE, new Row(List.of(), false, TrafficLimit.ANY, true, false),
              KPI, new Row(List.of(), true, TrafficLimit.ANY, false, false),
              CLOSEOUT, new Row(List.of(), true, TrafficLimit.ANY, false, false)));

  private PhaseTable() {}

  /**
   * Why {@code phase} may not run on this ledger, with the command that fixes it; empty if it may.
   *
   * @param environment the environment's name, for the command in the message
   */
  public static Optional<String> refusal(Phase phase, Ledger ledger, String environment) {
    Row row = TABLE.get(phase);
    Optional<RollbackRecord> rollback = ledger.rollback().filter(RollbackRecord::claimedByARunner);
    if (rollback.isPresent() && !row.runsAfterRollback()) {
      return Optional.of(
          ("refused: release %s was rolled back, %s.%s Later phases do not run after a rollback (only evidence documents it);"
                  + " start a new attempt with -D%s=new")
              .formatted(
                  ledger.releaseTag(),
                  rollback.get().summary(),
                  Rollback.whatNext(rollback.get()),
                  CutoverWiring.ATTEMPT_PROPERTY));
    }
    Optional<String> moved = movedPast(phase, row.trafficLimit(), ledger);
    if (moved.isPresent()) return moved;
    for (Phase before : row.needsPassed()) {
      Optional<String> missing = notPassed(phase, before, ledger, environment);
      if (missing.isPresent()) return missing;
    }
    if (row.needsLockedStep()
        && ledger.lockedStep().isEmpty()
        && !(row.watchesHeldCanary() && ledger.heldCanary().isPresent())) {
      String last =
          ledger.traffic().isEmpty()
              ? "no traffic step at all"
              : "its last traffic step is %d %% (%s, since %s)"
                  .formatted(ledger.canaryPercent(), last(ledger).phase(), last(ledger).at());
      return Optional.of(
          ("refused: the %s phase needs the ramp's locked 100 %% step, but attempt %s has %s;"
                  + " run the ramp to its lock first: %s")
              .formatted(phase.tag(), ledger.attemptId(), last, command(RAMP, environment)));
    }
    return Optional.empty();
  }

  /** The shell command that runs one phase in this environment. */
  public static String command(Phase phase, String environment) {
    return "mvn verify -Pcutover -Dcutover.env=%s -Dgroups=%s".formatted(environment, phase.tag());
  }

  private static Optional<String> movedPast(Phase phase, TrafficLimit limit, Ledger ledger) {
    boolean past =
        switch (limit) {
          case ANY -> false;
          case NONE_MOVED -> !ledger.traffic().isEmpty();
          case AT_CANARY_AT_MOST ->
              ledger.traffic().stream().anyMatch(step -> !step.phase().equals(CANARY.tag()));
        };
    if (!past) return Optional.empty();
    TrafficStep moved = last(ledger);
    return Optional.of(
        ("refused: the %s phase comes before the traffic moves past it, but attempt %s already has the canary at %d %%"
                + " (%s, since %s); start a new attempt with -D%s=new")
            .formatted(
                phase.tag(),
                ledger.attemptId(),
                moved.canaryPercent(),
                moved.phase(),
                moved.at(),
                CutoverWiring.ATTEMPT_PROPERTY));
  }

  private static Optional<String> notPassed(
      Phase phase, Phase before, Ledger ledger, String environment) {
    List<PhaseResult> results = ledger.latestResults(before.tag());
    if (results.isEmpty()) {
      return Optional.of(
          "refused: the %s phase needs a %s phase that passed, and attempt %s has none in the ledger; run it first: %s"
              .formatted(
                  phase.tag(), before.tag(), ledger.attemptId(), command(before, environment)));
    }
    Optional<PhaseResult> notPassed =
        results.stream().filter(r -> r.status() != PhaseResult.Status.PASSED).findFirst();
    if (notPassed.isEmpty()) return Optional.empty();
    PhaseResult result = notPassed.get();
    String skipped =
        result.lines().skipReasons().isEmpty()
            ? ""
            : "; skipped: "
                + result.lines().skipReasons().stream().collect(Collectors.joining("; "));
    return Optional.of(
        "refused: the %s phase needs a %s phase that passed, but %s ended %s at %s (%s%s); fix it and run it again: %s"
            .formatted(
                phase.tag(),
                before.tag(),
                result.source(),
                result.status(),
                result.finished(),
                result.summary(),
                skipped,
                command(before, environment)));
  }

  private static TrafficStep last(Ledger ledger) {
    return ledger.traffic().get(ledger.traffic().size() - 1);
  }

  private static Map<Phase, Row> table(Map<Phase, Row> rows) {
    if (rows.size() != Phase.values().length) {
      throw new IllegalStateException(
          "the phase table must have a row for every phase; it has " + rows.keySet());
    }
    return new EnumMap<>(rows);
  }
}
