package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one login produced: the tokens, already validated, and how long each network step took.
 * {@link #toString()} shows neither token.
 *
 * <pre>{@code
 * Tokens tokens = login.authorizationCode(login.account(tenant));
 * assertThat(tokens.elapsed()).isLessThan(Duration.ofMillis(1500));
 * }</pre>
 *
 * @param access the validated claims of the access token
 * @param steps network time per step in order ({@code authorize}, {@code login form}, {@code
 *     token}); validation is not counted
 */
public record Tokens(
    BearerToken accessToken,
    Optional<BearerToken> idToken,
    ValidatedToken access,
    Map<String, Duration> steps) {

  public Tokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(idToken, "idToken");
    Objects.requireNonNull(access, "access");
    steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
  }

  /** Network time of the whole login: the sum of its steps. */
  public Duration elapsed() {
    return steps.values().stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public String toString() {
    return "Tokens[accessToken=redacted, idToken=%s, alg=%s, steps=%s]"
        .formatted(idToken.isPresent() ? "redacted" : "none", access.algorithm(), steps);
  }
}
