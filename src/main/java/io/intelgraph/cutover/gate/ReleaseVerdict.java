package io.intelgraph.cutover.gate;

import java.util.List;
import java.util.Objects;

/**
 * The release's verdict: the worst gate verdict, with every gate's verdict behind it.
 *
 * @param reason which gates made it so, e.g. "RED: error_ratio_5xx (second consecutive failure:
 *     RED)"
 */
public record ReleaseVerdict(Verdict verdict, List<GateVerdict> gates, String reason) {
  public ReleaseVerdict {
    Objects.requireNonNull(verdict);
    gates = List.copyOf(gates);
    Objects.requireNonNull(reason);
  }
}
