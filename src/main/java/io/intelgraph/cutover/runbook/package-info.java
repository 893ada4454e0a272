/**
 * Runbook lines: each line of the run of show as a small check in main. A line is a {@link
 * io.intelgraph.cutover.runbook.RunbookLine}: {@code run(context)} returns a judged {@link
 * io.intelgraph.cutover.runbook.LineReport} (problems, evidence, observed-at from the context's
 * clock) and never throws for what it finds. Its logic has fast unit tests; the run-of-show method
 * that runs it is one call plus one assertion, and its JUnit annotation and tag decide when it
 * runs.
 *
 * <p>The lines of each runbook section live in a sub-package named after the phase ({@code
 * runbook.baseline}, {@code runbook.preflight}, ...); what several sections share stays in the
 * product package of its concern ({@code gate}, {@code bake}, {@code recovery}, ...).
 */
package io.intelgraph.cutover.runbook;
