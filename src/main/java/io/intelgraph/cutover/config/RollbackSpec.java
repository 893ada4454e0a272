package io.intelgraph.cutover.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the rollback plan undoes the cutover. Traffic (ALB ingress, and the HTTPRoute when {@code
 * cluster.http_route} is set) and scaling the canary to zero are always part of the plan; the
 * runbook's script and a notification webhook are optional.
 *
 * <pre>{@code
 * rollback:
 *   dry_run: false
 *   script: ./scripts/cutover/emergency-rollback.sh full   # run without a shell, words split on spaces
 *   webhook: https://hooks.example/maestro/rollback
 *   webhook_token: {env: ROLLBACK_WEBHOOK_TOKEN}
 *   on_halt: rollback   # or hold
 * }</pre>
 *
 * @param dryRun record what would be done and execute nothing
 * @param verifyTimeout how long verification may wait for the canary to drain
 * @param lease how long a rollback's claim holds without a heartbeat from its runner; after that
 *     another run takes the rollback over (the runner renews it every third of this while it acts)
 * @param onHalt what happens to a canary that a phase which did not pass leaves serving short of
 *     the locked 100 % ({@link HaltPolicy})
 * @param recoveryTimeout how long, after the traffic is back on stable, the rollback waits for
 *     stable to be proven healthy (its gates GREEN on post-switch traffic, an API golden passing)
 *     before it ends DONE_UNHEALTHY instead of DONE
 * @param recoveryGates the gates judged on the stable track for that proof, besides every critical
 *     gate (the runbook's 5xx ratio and p95 by default)
 * @param minStableReady the ready replicas the stable deployment needs to take all traffic back,
 *     checked at T-15 and by {@code rollback --check}; absent = as many as the canary has ready (at
 *     least 1)
 */
public record RollbackSpec(
    boolean dryRun,
    Optional<String> script,
    Duration scriptTimeout,
    Optional<URI> webhook,
    Optional<Secret> webhookToken,
    Duration webhookTimeout,
    Duration verifyTimeout,
    Duration lease,
    HaltPolicy onHalt,
    Duration recoveryTimeout,
    java.util.List<String> recoveryGates,
    Optional<Integer> minStableReady) {

  /** Shorter leases would be renewed more often than a ledger write can be trusted to land. */
  public static final Duration MIN_LEASE = Duration.ofSeconds(1);

  public RollbackSpec {
    if (script.isPresent() && script.get().isBlank()) {
      throw new IllegalArgumentException(
          "rollback script is blank; remove the key or give a command, e.g. ./scripts/cutover/emergency-rollback.sh full");
    }
    requirePositive("script_timeout", scriptTimeout);
    requirePositive("webhook_timeout", webhookTimeout);
    requirePositive("verify_timeout", verifyTimeout);
    requirePositive("recovery_timeout", recoveryTimeout);
    recoveryGates = java.util.List.copyOf(recoveryGates);
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException(
          "rollback lease is %s; it must be at least %s, e.g. 1m (the runner renews it every third of it)"
              .formatted(lease, MIN_LEASE));
    }
    if (minStableReady.isPresent() && minStableReady.get() < 1) {
      throw new IllegalArgumentException(
          "rollback min_stable_ready is %d; stable needs at least 1 ready replica to take traffic back, e.g. 3"
              .formatted(minStableReady.get()));
    }
    if (webhookToken.isPresent() && webhook.isEmpty()) {
      throw new IllegalArgumentException(
          "rollback webhook_token is set but webhook is not; add `webhook: URL` or remove the token");
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          "rollback %s must be positive, got %s".formatted(key, value));
    }
  }
}
