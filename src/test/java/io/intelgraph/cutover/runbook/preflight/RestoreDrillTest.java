package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreDrillTest {

  @TempDir Path dir;

  @Test
  void theRestoreDrillIsAttestedByWhoRanItOrFailsSayingHow() {
    assertThat(
            RestoreDrill.attested()
                .run(
                    LineContexts.at(
                        dir, Map.of("cutover.attestations.restore_tested", "carol at 13:40Z"))))
        .passed();
    assertThat(RestoreDrill.attested().run(LineContexts.at(dir.resolve("b"), Map.of())))
        .failedWith(
            "Backup verification: Restore procedures tested: nobody attested it",
            "-Dcutover.attestations.restore_tested=",
            "CUTOVER_ATTESTATIONS_RESTORE_TESTED");
  }
}
