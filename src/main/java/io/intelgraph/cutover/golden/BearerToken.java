package io.intelgraph.cutover.golden;

import java.util.Objects;

/**
 * A JWT to present as a bearer credential. {@link #toString()} never shows it, so a token that
 * slips into an assertion message, a log or a report prints as {@code BearerToken[redacted, 812
 * chars]}.
 *
 * <pre>{@code
 * BearerToken token = login.authorizationCode(account).accessToken();
 * request.header("Authorization", token.authorizationHeader());
 * }</pre>
 */
public final class BearerToken {
  private final String value;

  public BearerToken(String value) {
    Objects.requireNonNull(value, "token");
    if (value.isBlank()) throw new IllegalArgumentException("a bearer token must not be blank");
    this.value = value;
  }

  /** The compact JWT; use only at the point of sending or validating it, never print it. */
  public String reveal() {
    return value;
  }

  /** The value of an {@code Authorization} header: {@code Bearer <jwt>}. */
  public String authorizationHeader() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "BearerToken[redacted, " + value.length() + " chars]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BearerToken that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
