package io.intelgraph.cutover.rollback;

import static io.intelgraph.cutover.rollback.RollbackClaim.Decision.CLAIM;
import static io.intelgraph.cutover.rollback.RollbackClaim.Decision.FINISHED;
import static io.intelgraph.cutover.rollback.RollbackClaim.Decision.HELD;
import static io.intelgraph.cutover.rollback.RollbackClaim.Decision.RETRY;
import static io.intelgraph.cutover.rollback.RollbackClaim.Decision.TAKE_OVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lease rules as a table: what is in the ledger, when, by hand or not → what this run may do.
 */
class RollbackClaimTest {

  static final Instant CLAIMED = Instant.parse("2026-11-27T14:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(1);

  static RollbackRecord executing() {
    return RollbackRecord.executing(
        "api_p95 RED",
        "GateChecks#p95",
        RollbackLease.grant("4711@ci-7/a/1", CLAIMED, LEASE),
        false,
        CLAIMED);
  }

  /** As a ledger written before leases existed has it. */
  static RollbackRecord executingWithoutLease() {
    RollbackRecord r = executing();
    return new RollbackRecord(
        r.state(),
        r.reason(),
        r.triggeredBy(),
        r.claim(),
        false,
        CLAIMED,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  static RollbackRecord finished(boolean passed) {
    return executing()
        .finished(
            new Verification(
                passed,
                List.of("canary weight 0 on ingress: " + (passed ? "ok" : "FAILED")),
                CLAIMED),
            CLAIMED);
  }

  static Stream<Arguments> table() {
    Instant live = CLAIMED.plusSeconds(59);
    Instant expired = CLAIMED.plusSeconds(60);
    return Stream.of(
        Arguments.of("no rollback yet", Optional.empty(), live, false, CLAIM),
        Arguments.of("EXECUTING, lease live", Optional.of(executing()), live, false, HELD),
        Arguments.of("EXECUTING, lease live, by hand", Optional.of(executing()), live, true, HELD),
        Arguments.of(
            "EXECUTING, lease expired", Optional.of(executing()), expired, false, TAKE_OVER),
        Arguments.of(
            "EXECUTING, lease expired, by hand",
            Optional.of(executing()),
            expired,
            true,
            TAKE_OVER),
        Arguments.of(
            "EXECUTING, lease renewed past the first expiry",
            Optional.of(
                executing()
                    .withLease(
                        RollbackLease.grant("4711@ci-7/a/1", CLAIMED.plusSeconds(40), LEASE))),
            expired,
            false,
            HELD),
        Arguments.of(
            "EXECUTING from an older ledger, within one lease of the request",
            Optional.of(executingWithoutLease()),
            live,
            false,
            HELD),
        Arguments.of(
            "EXECUTING from an older ledger, a lease after the request",
            Optional.of(executingWithoutLease()),
            expired,
            false,
            TAKE_OVER),
        Arguments.of("DONE", Optional.of(finished(true)), expired, false, FINISHED),
        Arguments.of("DONE, by hand", Optional.of(finished(true)), expired, true, FINISHED),
        Arguments.of("FAILED, automatic", Optional.of(finished(false)), expired, false, FINISHED),
        Arguments.of("FAILED, by hand", Optional.of(finished(false)), expired, true, RETRY));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("table")
  void decidesFromTheLedgerAlone(
      String ignoredCase,
      Optional<RollbackRecord> current,
      Instant now,
      boolean byHand,
      RollbackClaim.Decision expected) {
    assertThat(RollbackClaim.decide(current, now, LEASE, byHand)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void laterPhasesAreToldHowToRetryAFailedRollbackAndHowAnExecutingOneGetsFinished() {
    assertThat(Rollback.whatNext(finished(false)))
        .isEqualTo(
            " The rollback FAILED, so the canary may still take traffic: fix what its failed"
                + " action names, then retry it by hand: java -jar maestro-cutover.jar rollback --config FILE --reason \"...\" --by NAME"
                + " (it runs the same plan and records who and why).");
    assertThat(Rollback.whatNext(executing()))
        .contains("if that runner died, the next run takes it over once the lease expires");
    assertThat(Rollback.whatNext(finished(true))).isEmpty();
  }
}
