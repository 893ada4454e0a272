package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;

/**
 * Where the closeout's lines write their evidence: {@code <evidence.directory>/<release>/closeout},
 * the directory the day-3 record seals.
 */
final class CloseoutEvidence {

  static final String PHASE = "closeout";

  private CloseoutEvidence() {}

  /** The writer of a run: redacted with the run's secrets, attached to the running test. */
  static EvidenceWriter writer(Environment env) {
    return EvidenceWriter.forPhase(
        env.evidence().directory(), env.release().tag(), PHASE, new Redactor(SecretRegistry.run()));
  }
}
