package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The user an interactive login signs in as, and the tenant the resulting token must carry. The
 * password is a {@link Secret}: it prints as its reference only.
 *
 * <pre>{@code
 * LoginAccount account = new LoginAccount("golden-user", Optional.empty(), "tenant-a");
 * }</pre>
 */
public record LoginAccount(String username, Optional<Secret> password, String tenant) {
  public LoginAccount {
    Objects.requireNonNull(password, "password");
    if (username == null || username.isBlank())
      throw new IllegalArgumentException("username is required");
    if (tenant == null || tenant.isBlank())
      throw new IllegalArgumentException("tenant is required");
  }
}
