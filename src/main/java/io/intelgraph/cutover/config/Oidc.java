package io.intelgraph.cutover.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the golden transactions log in to the OIDC provider and what they demand of its tokens. The
 * issuer itself is {@code endpoints.oidc_issuer}; everything else is discovered from it.
 *
 * <pre>
 * oidc:
 *   client_id: maestro-cutover
 *   client_secret: {env: OIDC_CLIENT_SECRET}   # optional: absent means a public client (PKCE only)
 *   audience: intelgraph-api
 *   scopes: [openid, profile]
 *   redirect_uri: http://127.0.0.1/callback      # never contacted: the login reads the code from the redirect
 *   tenant_claim: tenant
 *   allowed_algorithms: [RS256, ES256]
 *   clock_skew: 30s
 *   required_claims: [sub, iat, exp]
 *   login: {username: golden-user, password: {env: GOLDEN_PASSWORD}, username_field: username, password_field: password}
 * </pre>
 *
 * @param audience the {@code aud} every access token must carry; ID tokens must carry the client id
 * @param allowedAlgorithms asymmetric JWS algorithms only: {@code none} and HMAC are refused here,
 *     so a provider's public key can never be used as an HMAC secret
 * @param clockSkew tolerance for {@code exp}/{@code nbf}, at most 5 minutes
 * @param otherTenantClientId with {@code goldens.token: client_credentials}, the client whose
 *     tokens carry {@code goldens.other_tenant} (tenant isolation needs a second identity); its
 *     secret is {@code other_tenant_client_secret}
 * @param requiredClaims claims every token must carry (the tenant claim is required of access
 *     tokens as well)
 */
public record Oidc(
    String clientId,
    Optional<Secret> clientSecret,
    String audience,
    List<String> scopes,
    URI redirectUri,
    Login login,
    String tenantClaim,
    List<String> allowedAlgorithms,
    Duration clockSkew,
    List<String> requiredClaims,
    Optional<String> otherTenantClientId,
    Optional<Secret> otherTenantClientSecret) {

  private static final Set<String> ASYMMETRIC =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
          "Ed25519");

  public Oidc {
    if (clientId == null || clientId.isBlank())
      throw new IllegalArgumentException("client_id is required, e.g. maestro-cutover");
    if (audience == null || audience.isBlank())
      throw new IllegalArgumentException("audience is required, e.g. intelgraph-api");
    if (tenantClaim == null || tenantClaim.isBlank())
      throw new IllegalArgumentException("tenant_claim is required, e.g. tenant");
    scopes = List.copyOf(scopes);
    requiredClaims = List.copyOf(requiredClaims);
    allowedAlgorithms = List.copyOf(allowedAlgorithms);
    if (allowedAlgorithms.isEmpty())
      throw new IllegalArgumentException("allowed_algorithms is empty; list e.g. [RS256]");
    for (String algorithm : allowedAlgorithms) {
      if (!ASYMMETRIC.contains(algorithm)) {
        throw new IllegalArgumentException(
            ("allowed_algorithms contains '%s'; only asymmetric signatures are accepted"
                    + " (none and HMAC never are): use RS256, PS256, ES256 or EdDSA")
                .formatted(algorithm));
      }
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "clock_skew %s must be between 0s and 5m, e.g. 30s".formatted(clockSkew));
    }
    if (otherTenantClientId.isPresent() != otherTenantClientSecret.isPresent()) {
      throw new IllegalArgumentException(
          "other_tenant_client_id and other_tenant_client_secret go together; give both or neither");
    }
    if (redirectUri.getScheme() == null || redirectUri.getHost() == null) {
      throw new IllegalArgumentException(
          "redirect_uri '%s' must be absolute, e.g. http://127.0.0.1/callback"
              .formatted(redirectUri));
    }
  }

  /**
   * The test user the interactive login signs in as, and the provider's form field names. {@code
   * extra_fields} are posted as well; {@code {{tenant}}} in a value becomes the tenant the login is
   * for (mock-oauth2-server: {@code claims: '{"tenant":"{{tenant}}"}'}).
   *
   * @param otherTenantUsername the user of {@code goldens.other_tenant}, for the tenant isolation
   *     golden; absent means the same user with the other tenant in {@code extra_fields}
   */
  public record Login(
      String username,
      Optional<Secret> password,
      Optional<String> otherTenantUsername,
      Optional<Secret> otherTenantPassword,
      String usernameField,
      String passwordField,
      Map<String, String> extraFields) {

    public Login {
      if (username == null || username.isBlank())
        throw new IllegalArgumentException("login.username is required");
      if (usernameField == null || usernameField.isBlank())
        throw new IllegalArgumentException("login.username_field is required, e.g. username");
      if (passwordField == null || passwordField.isBlank())
        throw new IllegalArgumentException("login.password_field is required, e.g. password");
      extraFields = Map.copyOf(extraFields);
    }
  }
}
