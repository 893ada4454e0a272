package io.intelgraph.cutover.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Who is executing the rollback right now, and until when that claim holds unless renewed: the
 * executing runner renews {@code heartbeatAt} and {@code expiresAt} while its actions run, so a
 * runner that died (a killed CI job, an evicted pod) stops renewing and another run may take over
 * once {@code expiresAt} has passed.
 *
 * <pre>{@code
 * RollbackLease lease = RollbackLease.grant("12345@runner-7/20261127T140000Z-a1b2c3/9f…", now, Duration.ofMinutes(1));
 * lease.expiredAt(now.plusSeconds(61));   // true
 * }</pre>
 *
 * @param holder the claim of the runner holding it (process, host, attempt, a random id)
 */
public record RollbackLease(String holder, Instant heartbeatAt, Instant expiresAt) {
  public RollbackLease {
    if (holder == null || holder.isBlank())
      throw new IllegalArgumentException("a rollback lease needs its holder");
    Objects.requireNonNull(heartbeatAt, "lease heartbeat");
    Objects.requireNonNull(expiresAt, "lease expiry");
    if (!expiresAt.isAfter(heartbeatAt)) {
      throw new IllegalArgumentException(
          "rollback lease of %s expires (%s) no later than its heartbeat (%s)"
              .formatted(holder, expiresAt, heartbeatAt));
    }
  }

  /** A lease for {@code holder} from {@code now} for {@code duration}. */
  public static RollbackLease grant(String holder, Instant now, Duration duration) {
    return new RollbackLease(holder, now, now.plus(duration));
  }

  /** The same holder, renewed from {@code now}. */
  public RollbackLease renewed(Instant now, Duration duration) {
    return grant(holder, now, duration);
  }

  /** True once the holder has stopped renewing long enough for another run to take over. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
