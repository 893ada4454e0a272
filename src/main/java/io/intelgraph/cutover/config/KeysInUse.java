package io.intelgraph.cutover.config;

import java.util.List;

/**
 * The configuration keys one command reads, so it validates only those: {@code gates} and {@code
 * replay} run with a file holding only {@code endpoints.prometheus} and the gates, the {@code
 * goldens} command with only {@code endpoints.api}, {@code endpoints.oidc_issuer}, {@code oidc} and
 * {@code goldens}. Keys outside are still parsed: an unknown key is reported, a missing or invalid
 * one is not (and reads as null: a command must never touch a key it does not declare). The run of
 * show reads {@link #EVERYTHING}.
 *
 * <pre>{@code
 * Environment env = loader.load(KeysInUse.GATES);
 * }</pre>
 *
 * @param prefixes dotted keys; a key is in use when it is one of them, lies below one, or above one
 */
public record KeysInUse(List<String> prefixes) {

  public static final KeysInUse EVERYTHING = new KeysInUse(List.of(""));

  /**
   * {@code gates} and {@code replay}: Prometheus, its selectors, the cadence's windows and rules,
   * the gates.
   */
  public static final KeysInUse GATES =
      new KeysInUse(
          List.of("name", "mode", "endpoints.prometheus", "prometheus", "cadence", "gates"));

  /** {@code goldens}: the API, the OIDC provider and the goldens themselves. */
  public static final KeysInUse GOLDENS =
      new KeysInUse(
          List.of("name", "mode", "endpoints.api", "endpoints.oidc_issuer", "oidc", "goldens"));

  public KeysInUse {
    prefixes = List.copyOf(prefixes);
  }

  /**
   * True when a problem at {@code key} (e.g. {@code gates.api_p95.threshold}, {@code endpoints})
   * matters to the command.
   */
  public boolean covers(String key) {
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
