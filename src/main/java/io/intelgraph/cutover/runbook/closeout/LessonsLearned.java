package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.review.Judgement;
import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;

/**
 * "Runbook updates: Lessons learned incorporated": a person's attestation ({@code
 * attestations.lessons_learned}), recorded in the ledger; missing, the line fails saying how to
 * give it.
 */
public final class LessonsLearned implements RunbookLine {

  @Override
  public LineReport run(LineContext context) {
    return AttestedJudgement.record(
        context,
        new Judgement(
            "lessons_learned",
            "Runbook updates: Lessons learned incorporated",
            "\"frank: DNS TTL and OPA revision checks added to run-of-show.md in PR #412\""),
        context.environment().attestations().lessonsLearned());
  }
}
