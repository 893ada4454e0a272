package io.intelgraph.cutover.golden;

/**
 * A token failed validation. {@link #reason()} is the machine-readable kind, the message says
 * exactly what was wrong (algorithm, key id, issuer, audience, times), never the token itself.
 */
public final class TokenRejectedException extends GoldenException {
  private static final long serialVersionUID = 1L;

  /** Why a token was rejected. */
  public enum Reason {
    MALFORMED,
    UNSIGNED,
    ALGORITHM_NOT_ALLOWED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    JWKS_UNAVAILABLE,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    EXPIRED,
    NOT_YET_VALID,
    ISSUED_IN_FUTURE,
    NONCE_MISMATCH,
    MISSING_CLAIM
  }

  private final Reason reason;

  TokenRejectedException(Reason reason, String message) {
    super("token rejected (" + reason + "): " + message);
    this.reason = reason;
  }

  TokenRejectedException(Reason reason, String message, Throwable cause) {
    super("token rejected (" + reason + "): " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
