package io.intelgraph.cutover.ledger;

import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateHistory;
import io.intelgraph.cutover.gate.GateReport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The gate checks' history in the ledger: every check appends one {@link GateRecord} per gate in
 * one {@link LedgerStore#update}, so the judgement and the append see the same history, across
 * phases, JVMs and runners.
 *
 * <pre>{@code
 * GateCheckRun run = GateCheckRun.prometheus(environment, new LedgerGateHistory(store), "gate", report -> {});
 * }</pre>
 */
public final class LedgerGateHistory implements GateHistory {

  private final LedgerStore store;

  public LedgerGateHistory(LedgerStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Baselines baselines(Duration rateWindow) {
    return store.read().baselinesFor(store.location(), rateWindow, Baselines.RUN_BASELINE_PHASE);
  }

  @Override
  public GateReport append(Function<Past, GateReport> judge) {
    AtomicReference<GateReport> judged = new AtomicReference<>();
    store.update(
        current -> {
          GateReport report = judge.apply(past(current));
          judged.set(report); // the last call is the one whose ledger was stored
          Ledger next = current;
          for (GateRecord record : GateRecords.of(report)) {
            next = next.withGate(record);
          }
          return next;
        });
    return judged.get();
  }

  @Override
  public <T> T read(Function<Past, T> judge) {
    return judge.apply(past(store.read()));
  }

  private static Past past(Ledger ledger) {
    return new Past() {
      @Override
      public int checks(String phase) {
        return ledger.checks(phase).size();
      }

      @Override
      public List<GateEvaluation> history(GateEvaluation latest) {
        return ledger.history(latest.gate()).stream()
            .map(record -> GateRecords.asEvaluation(record, latest))
            .toList();
      }
    };
  }
}
