package com.example.cutover;

import io.intelgraph.cutover.junit.BaselinePhase;
import org.junit.jupiter.api.Test;

/** A run-of-show phase of the team's own: refused while its results would go out unredacted. */
@BaselinePhase
class ConsumerBaselineTest {

  @Test
  void baselineTaken() {}
}
