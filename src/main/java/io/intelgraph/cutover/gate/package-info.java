/**
 * Gates and their verdict rules: a PromQL-backed SLO with a threshold is evaluated into an
 * {@link io.intelgraph.cutover.gate.Outcome} (only {@code PASS} is healthy), and
 * {@link io.intelgraph.cutover.gate.VerdictRules} turns the outcome history into a
 * {@link io.intelgraph.cutover.gate.Verdict} per gate and for the release; baselines, the stable
 * comparison and the replay live here too. Owns the outcome and verdict vocabulary the ledger and
 * the evidence use. May import {@code config} and {@code prometheus}; never the ledger (it stores
 * history, the rules decide) nor JUnit or Allure.
 */
package io.intelgraph.cutover.gate;
