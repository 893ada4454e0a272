package io.intelgraph.cutover.config;

import java.util.Objects;

/**
 * A secret resolved from a reference ({@code {env: NAME}} or {@code {file: PATH}}); secrets are
 * never written inline in an environment file. {@link #toString()} shows only where it came from,
 * so a secret that slips into a log, a report or the evidence shows as {@code secret(env:NAME)}.
 * Call {@link #reveal()} only at the point of use (an HTTP header, a signing key).
 */
public final class Secret {
  private final String reference;
  private final String value;

  public Secret(String reference, String value) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.value = Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("secret " + reference + " resolved to an empty value");
    }
  }

  /** Where the secret came from, e.g. {@code env:OIDC_CLIENT_SECRET}; safe to print. */
  public String reference() {
    return reference;
  }

  /** The secret value itself; never log it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "secret(" + reference + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that
        && reference.equals(that.reference)
        && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return reference.hashCode();
  }
}
