package io.intelgraph.cutover.golden;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a token that passed {@link TokenValidator}, with the algorithm and key that signed
 * it.
 *
 * <pre>{@code
 * ValidatedToken token = validator.validate(tokens.accessToken(), expectation);
 * String tenant = token.stringClaim("tenant").orElseThrow();
 * }</pre>
 */
public record ValidatedToken(JWTClaimsSet claims, String algorithm, Optional<String> keyId) {

  public ValidatedToken {
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyId, "keyId");
  }

  /** A string claim, empty if absent or not a string. */
  public Optional<String> stringClaim(String name) {
    try {
      return Optional.ofNullable(claims.getStringClaim(name));
    } catch (ParseException notAString) {
      return Optional.empty();
    }
  }
}
