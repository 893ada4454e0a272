package io.intelgraph.cutover.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several observers of one rollback: each is told, in order, whatever another one throws. */
class RollbackObserverTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void anObserverThatThrowsDoesNotKeepTheNextFromBeingTold() {
    List<String> told = new ArrayList<>();
    RollbackObserver failing =
        new RollbackObserver() {
          @Override
          public void started(RollbackRequest request) {
            told.add("war room started");
            throw new IllegalStateException("webhook down");
          }

          @Override
          public void finished(RollbackRecord record) {
            told.add("war room finished");
            throw new IllegalStateException("webhook down");
          }
        };
    RollbackObserver metrics =
        new RollbackObserver() {
          @Override
          public void started(RollbackRequest request) {
            told.add("metrics started");
          }

          @Override
          public void finished(RollbackRecord record) {
            told.add("metrics finished " + record.state());
          }
        };
    RollbackObserver both = RollbackObserver.all(failing, metrics);

    both.finished(
        RollbackRecord.executing(
            "canary RED",
            "gate",
            new RollbackLease("runner-1", NOW, NOW.plusSeconds(60)),
            false,
            NOW));

    assertThat(told).containsExactly("war room finished", "metrics finished EXECUTING");
  }
}
