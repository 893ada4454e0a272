package io.intelgraph.cutover.config;

import java.util.Objects;

/**
 * The compliance rule of the SLO reports: the share of a window's steps that must be within the
 * SLO. One rule for the T+120 SLO report (T-0 to T+120) and the closeout's p95 compliance (the
 * 72-hour bake), so the cutover's two reports judge alike. The gate checks decide the release; the
 * reports document it.
 *
 * <pre>{@code
 * slo:
 *   compliance_min: ">= 99%"   # of a window's steps within the SLO (the runbook gives no target)
 * }</pre>
 *
 * @param complianceMin the share of steps within the SLO a report needs, e.g. {@code >= 99%}
 */
public record Slo(Threshold complianceMin) {
  public Slo {
    Objects.requireNonNull(complianceMin, "compliance_min");
    Kpi.requireRatio("compliance_min", complianceMin);
  }
}
