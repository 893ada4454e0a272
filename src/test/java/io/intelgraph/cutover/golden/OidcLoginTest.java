package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Oidc;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcLoginTest {

  static MockProvider provider;

  @BeforeAll
  static void start() throws Exception {
    provider = new MockProvider();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @Test
  void discoveryReadsTheEndpointsOfTheIssuer() {
    OidcDiscovery discovery = OidcDiscovery.fetch(provider.issuer(), MockProvider.TIMEOUT);

    assertThat(discovery.issuer()).isEqualTo(provider.issuer());
    assertThat(discovery.tokenEndpoint().toString())
        .startsWith("http://127.0.0.1:")
        .endsWith("/default/token");
    assertThat(discovery.jwksUri().toString()).endsWith("/default/jwks");
  }

  @Test
  void discoveryRefusesAnIssuerThatDiffersFromTheConfiguredOne() {
    URI localhost = URI.create(provider.issuer().toString().replace("127.0.0.1", "localhost"));
    // the server answers for localhost with a localhost issuer; configure the 127.0.0.1 spelling
    // under the localhost URL
    assertThatThrownBy(() -> OidcDiscovery.fetch(URI.create(localhost + "/"), MockProvider.TIMEOUT))
        .isInstanceOf(GoldenException.class)
        .hasMessageContaining("advertises issuer '" + localhost + "'")
        .hasMessageContaining("must be identical");
  }

  @Test
  void authorizationCodeWithPkceLogsInHeadlesslyAndValidatesBothTokens() {
    OidcLogin login = provider.login();

    Tokens tokens = login.authorizationCode(login.account("tenant-a"));

    assertThat(tokens.access().stringClaim("tenant")).contains("tenant-a");
    assertThat(tokens.access().claims().getSubject()).isEqualTo("golden-user");
    assertThat(tokens.access().claims().getAudience()).contains(MockProvider.AUDIENCE);
    assertThat(tokens.idToken()).isPresent();
    assertThat(tokens.steps()).containsKeys("authorize", "login form", "token");
    assertThat(tokens.elapsed()).isPositive();
    assertThat(tokens.toString())
        .doesNotContain(tokens.accessToken().reveal())
        .contains("redacted");
  }

  @Test
  void theOtherTenantsLoginCarriesTheOtherTenant() {
    OidcLogin login = provider.login();

    Tokens tokens = login.authorizationCode(login.otherAccount("tenant-b"));

    assertThat(tokens.access().stringClaim("tenant")).contains("tenant-b");
  }

  @Test
  void clientCredentialsGetsAValidatedMachineToken() {
    Tokens tokens = provider.login().clientCredentials();

    assertThat(tokens.access().claims().getSubject()).isEqualTo("maestro-cutover");
    assertThat(tokens.access().claims().getAudience()).contains(MockProvider.AUDIENCE);
    assertThat(tokens.idToken()).isEmpty();
  }

  @Test
  void clientCredentialsWithoutASecretSaysWhichKeyToSet() {
    Oidc publicClient = MockProvider.oidc(Optional.empty());
    OidcLogin login = OidcLogin.discover(provider.issuer(), publicClient, MockProvider.TIMEOUT);

    assertThatThrownBy(login::clientCredentials)
        .isInstanceOf(GoldenException.class)
        .hasMessageContaining("oidc.client_secret is not configured");
  }

  /** RFC 7636 Appendix B: the S256 challenge of the RFC's own verifier. */
  @Test
  void pkceChallengeIsTheRfcs() {
    assertThat(OidcLogin.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }
}
