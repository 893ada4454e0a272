package io.intelgraph.cutover.supplychain;

/**
 * A registry, key, SBOM or scanner report that cannot be read as its documented format; the message
 * names what, where and the fix.
 */
public final class SupplyChainException extends RuntimeException {
  public SupplyChainException(String message) {
    super(message);
  }

  public SupplyChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
