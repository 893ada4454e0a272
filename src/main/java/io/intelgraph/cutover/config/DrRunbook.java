package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The disaster recovery runbook the closeout checks: how recently the document changed and how
 * recently a restore drill was recorded in the ledger.
 *
 * <pre>{@code
 * closeout:
 *   dr_runbook:
 *     file: docs/runbooks/disaster-recovery.md   # its git history (else its mtime) dates it
 *     max_age: 180d
 *     max_drill_age: 90d
 * }</pre>
 *
 * @param file the runbook; absent, the line fails and says to configure it
 * @param maxAge how old its last change may be
 * @param maxDrillAge how old the last restore drill recorded in the ledger may be
 */
public record DrRunbook(Optional<Path> file, Duration maxAge, Duration maxDrillAge) {
  public DrRunbook {
    if (maxAge.isZero() || maxAge.isNegative())
      throw new IllegalArgumentException("max_age must be positive, e.g. 180d, got " + maxAge);
    if (maxDrillAge.isZero() || maxDrillAge.isNegative()) {
      throw new IllegalArgumentException(
          "max_drill_age must be positive, e.g. 90d, got " + maxDrillAge);
    }
  }
}
