/**
 * Gates and their verdict rules: a PromQL-backed SLO with a threshold is evaluated into an {@link
 * io.intelgraph.cutover.gate.Outcome} (only {@code PASS} is healthy), and {@link
 * io.intelgraph.cutover.gate.VerdictRules} turns the outcome history into a {@link
 * io.intelgraph.cutover.gate.Verdict} per gate and for the release; baselines, the stable
 * comparison and the replay live here too. {@link io.intelgraph.cutover.gate.GateCheckRun} makes a
 * phase's gate checks (evaluate, judge over the history, append, hand on the {@link
 * io.intelgraph.cutover.gate.GateReport}), {@link io.intelgraph.cutover.gate.CheckCadence} says
 * when a check may judge; the history is reached through the {@link
 * io.intelgraph.cutover.gate.GateHistory} port, which the ledger implements. Owns the outcome and
 * verdict vocabulary the ledger and the evidence use. May import {@code config} and {@code
 * prometheus}; never the ledger (it stores history, the rules decide) nor JUnit or Allure.
 */
package io.intelgraph.cutover.gate;
