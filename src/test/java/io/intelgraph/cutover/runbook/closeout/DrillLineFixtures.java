package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.nio.file.Path;

/**
 * What the drill and chaos lines' tests share: drills writing evidence to a directory, and lookup.
 */
final class DrillLineFixtures {

  private DrillLineFixtures() {}

  /** The closeout's drills, their evidence written under {@code dir/evidence}, attached nowhere. */
  static Drills drillsWritingUnder(Path dir) {
    return new Drills(
        env ->
            new EvidenceWriter(
                dir.resolve("evidence"),
                new Redactor(new SecretRegistry()),
                (name, mediaType, content, extension) -> {}));
  }

  /** The text of the evidence {@code name} the line attached; fails naming the report if none. */
  static String evidence(LineReport report, String name) {
    return report.evidence().stream()
        .filter(e -> e.name().equals(name))
        .map(LineReport.Evidence::text)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no evidence '" + name + "' in " + report.describe()));
  }
}
