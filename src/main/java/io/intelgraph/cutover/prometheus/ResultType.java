package io.intelgraph.cutover.prometheus;

/** The {@code resultType} of a Prometheus query answer. */
public enum ResultType {
  VECTOR,
  SCALAR,
  MATRIX,
  STRING
}
