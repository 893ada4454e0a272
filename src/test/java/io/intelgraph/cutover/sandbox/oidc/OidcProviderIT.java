package io.intelgraph.cutover.sandbox.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OidcProviderIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static OidcProvider oidc;

  @BeforeAll
  static void start() {
    oidc = OidcProvider.start();
  }

  @AfterAll
  static void stop() {
    oidc.close();
  }

  @Test
  void discoveryNamesTheIssuerAndEndpointsOn127001() throws Exception {
    JsonNode discovery = get(oidc.discoveryUri());

    assertThat(oidc.issuer().toString()).startsWith("http://127.0.0.1:").endsWith("/default");
    assertThat(discovery.path("issuer").asString()).isEqualTo(oidc.issuer().toString());
    assertThat(discovery.path("jwks_uri").asString()).isEqualTo(oidc.jwksUri().toString());
    assertThat(discovery.path("token_endpoint").asString())
        .isEqualTo(oidc.tokenEndpoint().toString());
    assertThat(discovery.path("authorization_endpoint").asString())
        .isEqualTo(oidc.authorizationEndpoint().toString());
    assertThat(get(oidc.jwksUri()).path("keys")).isNotEmpty();
  }

  @Test
  void clientCredentialsTokenCarriesTheTenantAndVerifiesAgainstTheJwks() throws Exception {
    String token =
        oidc.clientCredentialsToken(
            OidcProvider.CLIENT_ID, Map.of(OidcProvider.TENANT_CLAIM, "tenant-a"));

    JWTClaimsSet claims = verifier().process(token, null);

    assertThat(claims.getStringClaim("tenant")).isEqualTo("tenant-a");
    assertThat(claims.getSubject()).isEqualTo(OidcProvider.CLIENT_ID);
    assertThat(claims.getAudience()).containsExactly(OidcProvider.AUDIENCE);
  }

  @Test
  void aTokenWithATamperedTenantIsRejected() throws Exception {
    String[] parts =
        oidc.clientCredentialsToken(OidcProvider.CLIENT_ID, Map.of("tenant", "tenant-a"))
            .split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("tenant-a", "tenant-b");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThatThrownBy(() -> verifier().process(tampered, null))
        .hasMessageContaining("Invalid signature");
  }

  @Test
  void tokenEndpointServesTheClientCredentialsGrant() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(oidc.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            OidcProvider.CLIENT_ID,
                            "client_secret",
                            OidcProvider.CLIENT_SECRET,
                            "scope",
                            "intelgraph-api")))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JWTClaimsSet claims =
        verifier().process(JSON.readTree(response.body()).path("access_token").asString(), null);
    assertThat(claims.getSubject()).isEqualTo(OidcProvider.CLIENT_ID);
  }

  @Test
  void authorizationCodeWithPkceLogsTheTestUserInThroughTheForm() throws Exception {
    String verifier = "sandbox-verifier-0123456789-0123456789-0123456789";
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String redirect = "http://127.0.0.1:1/callback";
    URI authorize =
        URI.create(
            oidc.authorizationEndpoint()
                + "?"
                + query(
                    Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        OidcProvider.CLIENT_ID,
                        "redirect_uri",
                        redirect,
                        "scope",
                        "openid",
                        "state",
                        "s-1",
                        "nonce",
                        "n-1",
                        "code_challenge",
                        challenge,
                        "code_challenge_method",
                        "S256")));

    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("username");

    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(authorize)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of(
                            "username",
                            OidcProvider.TEST_USERNAME,
                            "claims",
                            "{\"tenant\":\"" + OidcProvider.TEST_TENANT + "\"}")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    String location = login.headers().firstValue("Location").orElseThrow();
    Map<String, String> params = parse(URI.create(location).getRawQuery());
    assertThat(params).containsEntry("state", "s-1").containsKey("code");

    HttpResponse<String> exchange =
        HTTP.send(
            HttpRequest.newBuilder(oidc.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of(
                            "grant_type",
                            "authorization_code",
                            "code",
                            params.get("code"),
                            "redirect_uri",
                            redirect,
                            "client_id",
                            OidcProvider.CLIENT_ID,
                            "client_secret",
                            OidcProvider.CLIENT_SECRET,
                            "code_verifier",
                            verifier)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(200);
    JWTClaimsSet idToken =
        verifier().process(JSON.readTree(exchange.body()).path("id_token").asString(), null);
    assertThat(idToken.getSubject()).isEqualTo(OidcProvider.TEST_USERNAME);
    assertThat(idToken.getStringClaim("nonce")).isEqualTo("n-1");
    assertThat(idToken.getStringClaim("tenant")).isEqualTo(OidcProvider.TEST_TENANT);
  }

  private static DefaultJWTProcessor<SecurityContext> verifier() throws Exception {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.RS256,
            JWKSourceBuilder.create(oidc.jwksUri().toURL()).retrying(false).build()));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(oidc.issuer().toString()).build(),
            Set.of("sub", "exp", "iat")));
    return processor;
  }

  private static JsonNode get(URI uri) throws Exception {
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(query(fields));
  }

  private static String query(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> parse(String rawQuery) {
    return java.util.Arrays.stream(rawQuery.split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }
}
