package io.intelgraph.cutover.sandbox.api;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The tenants the load generator acts for: {@link #TENANTS} in turn (each 1/6 of the traffic, under
 * the KPI watch's 20 %), or under {@link Fault#TENANT_SKEW} three requests in four for {@code
 * tenant-a}.
 */
public final class TenantMix implements Supplier<String> {

  /** Every seeded tenant, so each request reads its own tenant's graph. */
  public static final List<String> TENANTS = SeedData.TENANTS;

  private final FaultSwitch faults;
  private final AtomicLong next = new AtomicLong();

  public TenantMix(FaultSwitch faults) {
    this.faults = Objects.requireNonNull(faults, "faults");
  }

  @Override
  public String get() {
    long n = next.getAndIncrement();
    if (faults.is(Fault.TENANT_SKEW) && n % 4 != 0) {
      return SeedData.TENANT_A;
    }
    return TENANTS.get((int) (n % TENANTS.size()));
  }
}
