package io.intelgraph.cutover.config;

/** How an observed value is compared with a threshold's limit. */
public enum Comparison {
  LESS_THAN("<"),
  AT_MOST("<="),
  GREATER_THAN(">"),
  AT_LEAST(">=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** True when {@code value} satisfies this comparison against {@code limit}; NaN never does. */
  public boolean holds(double value, double limit) {
    if (Double.isNaN(value) || Double.isNaN(limit)) {
      return false;
    }
    return switch (this) {
      case LESS_THAN -> value < limit;
      case AT_MOST -> value <= limit;
      case GREATER_THAN -> value > limit;
      case AT_LEAST -> value >= limit;
    };
  }

  static Comparison bySymbol(String symbol) {
    for (Comparison comparison : values()) {
      if (comparison.symbol.equals(symbol)) {
        return comparison;
      }
    }
    throw new IllegalArgumentException(
        "unknown comparison '" + symbol + "'; expected one of <, <=, >, >=");
  }
}
