package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The day-3 go-live approval: one signed statement per role ({@code approve} command), each checked
 * against that role's public key, for this release and this evidence manifest.
 *
 * <pre>{@code
 * closeout:
 *   approvals:
 *     dir: approvals                      # approvals/<release>/<role>.jws, as `approve --out approvals` writes them
 *     max_age: 7d                         # an approval signed longer ago is expired
 *     roles:
 *       platform-lead: {public_key: {file: keys/platform-lead.public.jwk.json}}
 *       sre-lead: {public_key: {file: keys/sre-lead.public.jwk.json}}
 * }</pre>
 *
 * @param dir where the approvals are read from; every {@code *.jws} below it (two levels) is
 *     considered
 * @param maxAge how long an approval holds after it was signed (its own {@code exp} may be earlier)
 * @param clockSkew how far in the future a signing time may lie before the approval is refused
 * @param roles the roles whose approval the release needs, by name, each with its public key
 */
public record Approvals(Path dir, Duration maxAge, Duration clockSkew, Map<String, Role> roles) {

  public Approvals {
    if (maxAge.isZero() || maxAge.isNegative())
      throw new IllegalArgumentException("max_age must be positive, e.g. 7d, got " + maxAge);
    if (clockSkew.isNegative())
      throw new IllegalArgumentException("clock_skew must not be negative, got " + clockSkew);
    roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
    for (String role : roles.keySet()) {
      if (!role.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException(
            "role '%s' must be lower case letters, digits and -, e.g. sre-lead".formatted(role));
      }
    }
  }

  /**
   * One approving role.
   *
   * @param publicKey the role's public JWK (RSA or EC P-256), given by reference like a secret
   *     ({@code {file: ...}} or {@code {env: ...}}): the file is the role holder's to publish
   */
  public record Role(String name, Secret publicKey) {}
}
