package io.intelgraph.cutover.config;

import java.util.List;

/**
 * The configuration keys one command reads, so it validates only those: {@code gates} and {@code
 * replay} run with a file holding only {@code endpoints.prometheus} and the gates, the {@code
 * goldens} command with only {@code endpoints.api}, {@code endpoints.oidc_issuer}, {@code oidc} and
 * {@code goldens}. Keys outside are still parsed: an unknown key is reported, a missing or invalid
 * one is not. A section outside is not bound at all (so a command's start-up pays only for what it
 * reads) and reads as null: a command must never touch a key it does not declare. Keys the command
 * reads only when they are there ({@code readIfPresent}, e.g. the release tag that {@code gates
 * --ledger} checks the ledger against) are bound when present and valid, their problems not
 * reported. The run of show reads {@link #EVERYTHING}.
 *
 * <pre>{@code
 * Environment env = loader.load(KeysInUse.GATES);
 * }</pre>
 *
 * @param prefixes dotted keys; a key is in use when it is one of them, lies below one, or above one
 * @param readIfPresent dotted keys bound as well, without reporting their problems
 */
public record KeysInUse(List<String> prefixes, List<String> readIfPresent) {

  public static final KeysInUse EVERYTHING = new KeysInUse(List.of(""));

  /**
   * {@code gates} and {@code replay}: Prometheus, its selectors, the cadence's windows and rules,
   * the gates.
   */
  public static final KeysInUse GATES =
      new KeysInUse(
          List.of(
              "name",
              "mode",
              "endpoints.prometheus",
              "prometheus",
              "cadence",
              "gates",
              GateSwitches.SWITCHED_OFF),
          List.of("release"));

  /** {@code goldens}: the API, the OIDC provider and the goldens themselves. */
  public static final KeysInUse GOLDENS =
      new KeysInUse(
          List.of("name", "mode", "endpoints.api", "endpoints.oidc_issuer", "oidc", "goldens"));

  public KeysInUse {
    prefixes = List.copyOf(prefixes);
    readIfPresent = List.copyOf(readIfPresent);
  }

  /** Keys in use and nothing read only if present. */
  public KeysInUse(List<String> prefixes) {
    this(prefixes, List.of());
  }

  /**
   * True when a problem at {@code key} (e.g. {@code gates.api_p95.threshold}, {@code endpoints})
   * matters to the command.
   */
  public boolean covers(String key) {
    return matches(prefixes, key);
  }

  /**
   * True when the value at {@code key} is bound at all: in use, or read if present; anything else
   * reads as null.
   */
  public boolean binds(String key) {
    return matches(prefixes, key) || matches(readIfPresent, key);
  }

  private static boolean matches(List<String> prefixes, String key) {
    if (key.isEmpty()) return true;
    for (String prefix : prefixes) {
      if (prefix.isEmpty()
          || key.equals(prefix)
          || key.startsWith(prefix + ".")
          || key.startsWith(prefix + "[")
          || prefix.startsWith(key + ".")) {
        return true;
      }
    }
    return false;
  }
}
