package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.config.Oidc;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.support.BoundedHttp.Exchange;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The OIDC login golden: a real login against the provider, headless, with every token validated.
 *
 * <p>Design note: {@link #authorizationCode} is the user journey. It sends the authorization
 * request with {@code state}, {@code nonce} and a PKCE S256 challenge, follows every redirect by
 * hand (the redirect URI itself is never contacted: the code is read from the {@code Location}),
 * fills in the provider's login form with the configured field names (plus hidden inputs and {@code
 * extra_fields}), checks {@code state}, exchanges the code with the verifier and validates the ID
 * token (nonce, audience = client id) and the access token (audience, required claims, the tenant
 * claim equal to the account's tenant). Each login uses its own cookie jar, so no single sign-on
 * session makes a later login look faster than a user's. Only network time is measured.
 *
 * <p>The protocol steps follow RFC 6749 (authorization code grant, section 4.1), RFC 7636 (PKCE,
 * S256; its Appendix B vector is a unit test) and OpenID Connect Core 1.0 (section 3.1.2, {@code
 * nonce}) directly rather than through the Nimbus OAuth 2.0 SDK: that SDK would bring json-smart
 * and ASM beside the project's Jackson for the few lines they take here (random state, nonce and
 * verifier, the challenge, form encoding); the tokens themselves are validated with Nimbus JOSE+JWT
 * ({@link TokenValidator}).
 *
 * <pre>{@code
 * OidcLogin login = OidcLogin.discover(env.endpoints().oidcIssuer(), env.oidc(), env.goldens().callTimeout());
 * Tokens tokens = login.authorizationCode(login.account(env.goldens().tenant()));
 * }</pre>
 */
public final class OidcLogin {

  public static final String NAME = "OIDC login";
  public static final String METRIC = "oidc login";
  private static final int MAX_HOPS = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Oidc oidc;
  private final OidcDiscovery provider;
  private final TokenValidator validator;
  private final Duration timeout;
  private final HttpProtocol protocol;

  public OidcLogin(Oidc oidc, OidcDiscovery provider, TokenValidator validator, Duration timeout) {
    this(oidc, provider, validator, timeout, HttpProtocol.AUTO);
  }

  public OidcLogin(
      Oidc oidc,
      OidcDiscovery provider,
      TokenValidator validator,
      Duration timeout,
      HttpProtocol protocol) {
    this.protocol = protocol;
    this.oidc = oidc;
    this.provider = provider;
    this.validator = validator;
    this.timeout = timeout;
  }

  /** Discovers the provider at {@code issuer} and validates its tokens against its own JWKS. */
  public static OidcLogin discover(URI issuer, Oidc oidc, Duration timeout) {
    return discover(issuer, oidc, timeout, HttpProtocol.AUTO);
  }

  /** The same, speaking {@code protocol} ({@code goldens.http}). */
  public static OidcLogin discover(URI issuer, Oidc oidc, Duration timeout, HttpProtocol protocol) {
    OidcDiscovery provider = OidcDiscovery.fetch(issuer, timeout, protocol);
    return new OidcLogin(
        oidc, provider, TokenValidator.forProvider(provider, oidc, timeout), timeout, protocol);
  }

  public OidcDiscovery provider() {
    return provider;
  }

  public TokenValidator validator() {
    return validator;
  }

  /** The configured test user, logging in for {@code tenant}. */
  public LoginAccount account(String tenant) {
    return new LoginAccount(oidc.login().username(), oidc.login().password(), tenant);
  }

  /**
   * The user of the other tenant (the configured one, else the same user with the other tenant).
   */
  public LoginAccount otherAccount(String otherTenant) {
    Oidc.Login login = oidc.login();
    return login
        .otherTenantUsername()
        .map(user -> new LoginAccount(user, login.otherTenantPassword(), otherTenant))
        .orElseGet(() -> account(otherTenant));
  }

  /**
   * The login as a golden result: passed with the network time of the whole login as {@value
   * #METRIC} (and each step), or failed saying which step and why.
   */
  public GoldenResult golden(LoginAccount account) {
    java.time.Instant startedAt = java.time.Instant.now();
    try {
      Tokens tokens = authorizationCode(account);
      Map<String, Duration> timings = new LinkedHashMap<>();
      timings.put(METRIC, tokens.elapsed());
      timings.putAll(tokens.steps());
      return GoldenResult.passed(NAME, startedAt, timings);
    } catch (GoldenException e) {
      return GoldenResult.failed(NAME, startedAt, Map.of(), e.getMessage());
    }
  }

  /** A machine token for the client itself; needs {@code oidc.client_secret}. */
  public Tokens clientCredentials() {
    Secret secret =
        oidc.clientSecret()
            .orElseThrow(
                () ->
                    new GoldenException(
                        "OIDC client credentials: oidc.client_secret is not configured; set it to {env: VARIABLE} or {file: PATH}"));
    return clientCredentials(oidc.clientId(), secret, oidc.requiredClaims());
  }

  /**
   * A machine token for {@code tenant} ({@code goldens.token: client_credentials}): the suite's own
   * client for the golden tenant, {@code oidc.other_tenant_client_id} for the other one; the
   * token's tenant claim must name {@code tenant}.
   */
  public Tokens clientCredentials(String tenant, boolean goldenTenant) {
    String clientId;
    Secret secret;
    if (goldenTenant) {
      clientId = oidc.clientId();
      secret =
          oidc.clientSecret()
              .orElseThrow(
                  () ->
                      new GoldenException(
                          "OIDC client credentials for tenant %s: goldens.token is client_credentials but oidc.client_secret is not configured; set it to {env: VARIABLE} or {file: PATH}"
                              .formatted(tenant)));
    } else {
      clientId =
          oidc.otherTenantClientId()
              .orElseThrow(
                  () ->
                      new GoldenException(
                          ("OIDC client credentials for tenant %s: tenant isolation needs a second identity; set oidc.other_tenant_client_id"
                                  + " and oidc.other_tenant_client_secret to a client whose tokens carry %s '%s'")
                              .formatted(tenant, oidc.tenantClaim(), tenant)));
      secret = oidc.otherTenantClientSecret().orElseThrow();
    }
    List<String> required = new ArrayList<>(oidc.requiredClaims());
    required.add(oidc.tenantClaim());
    Tokens tokens = clientCredentials(clientId, secret, required);
    String carried = tokens.access().stringClaim(oidc.tenantClaim()).orElse("(not a string)");
    if (!carried.equals(tenant)) {
      throw new GoldenException(
          "OIDC client credentials: the access token of client '%s' carries %s '%s', expected '%s'; map the claim on that client"
              .formatted(clientId, oidc.tenantClaim(), carried, tenant));
    }
    return tokens;
  }

  private Tokens clientCredentials(String clientId, Secret secret, List<String> requiredClaims) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    String scope =
        oidc.scopes().stream().filter(s -> !"openid".equals(s)).collect(Collectors.joining(" "));
    if (!scope.isEmpty()) form.put("scope", scope);
    form.put("audience", oidc.audience());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(provider.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("Authorization", basic(clientId, secret))
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    Exchange exchange = new GoldenHttp(timeout, protocol).send("OIDC client credentials", request);
    JsonNode body = tokenResponse("OIDC client credentials", exchange);
    BearerToken access =
        registered(
            "oidc:client-credentials-access-token",
            new BearerToken(body.path("access_token").stringValue()));
    ValidatedToken claims =
        validator.validate(access, TokenExpectation.accessToken(oidc.audience(), requiredClaims));
    return new Tokens(access, Optional.empty(), claims, Map.of("token", exchange.elapsed()));
  }

  /** The interactive login of {@code account}, authorization code + PKCE, driven headlessly. */
  public Tokens authorizationCode(LoginAccount account) {
    GoldenHttp http = new GoldenHttp(timeout, protocol);
    String state = random();
    String nonce = random();
    String verifier = random();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", oidc.clientId());
    query.put("redirect_uri", oidc.redirectUri().toString());
    query.put("scope", String.join(" ", oidc.scopes()));
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    URI current =
        URI.create(
            provider.authorizationEndpoint()
                + (provider.authorizationEndpoint().getQuery() == null ? "?" : "&")
                + encode(query));

    Map<String, Duration> steps = new LinkedHashMap<>();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(current).header("Accept", "text/html").GET();
    String step = "authorize";
    boolean formSubmitted = false;
    Map<String, String> callback = null;
    for (int hop = 0; hop < MAX_HOPS && callback == null; hop++) {
      String thisStep = step;
      Exchange exchange = http.send("OIDC login: " + thisStep, request);
      steps.merge(thisStep, exchange.elapsed(), Duration::plus);
      int status = exchange.status();
      if (status >= 300 && status < 400) {
        URI location =
            current.resolve(
                exchange
                    .response()
                    .headers()
                    .firstValue("Location")
                    .orElseThrow(
                        () ->
                            new GoldenException(
                                "OIDC login: %s answered %d without a Location header"
                                    .formatted(thisStep, status))));
        if (isRedirectUri(location)) {
          callback = queryParameters(location);
        } else {
          current = location;
          request = HttpRequest.newBuilder(current).header("Accept", "text/html").GET();
          step = "redirect";
        }
      } else if (status == 200) {
        if (formSubmitted) {
          throw new GoldenException(
              ("OIDC login: the provider showed its login form again after user '%s' submitted it (%s),"
                      + " saying: %s; the credentials or the form field names (oidc.login.*_field) are wrong")
                  .formatted(account.username(), current, PageText.errorOf(exchange.body())));
        }
        LoginForm form =
            LoginForm.find(exchange.body(), current)
                .orElseThrow(
                    () ->
                        new GoldenException(
                            "OIDC login: %s answered 200 without a login form; the page says: %s"
                                .formatted(thisStep, PageText.errorOf(exchange.body()))));
        current = form.action();
        request =
            HttpRequest.newBuilder(current)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(encode(formFields(form, account))));
        step = "login form";
        formSubmitted = true;
      } else {
        throw new GoldenException(
            "OIDC login: %s (%s) answered %s"
                .formatted(
                    step,
                    current.getHost() + current.getPath(),
                    GoldenHttp.describeFailure(exchange)));
      }
    }
    if (callback == null) {
      throw new GoldenException(
          "OIDC login: no redirect to %s after %d hops; the provider loops"
              .formatted(oidc.redirectUri(), MAX_HOPS));
    }
    if (callback.containsKey("error")) {
      throw new GoldenException(
          "OIDC login: the provider redirected with error=%s (%s); check client_id, redirect_uri and scopes"
              .formatted(
                  callback.get("error"),
                  callback.getOrDefault("error_description", "no description")));
    }
    if (!state.equals(callback.get("state"))) {
      throw new GoldenException(
          "OIDC login: the redirect's state does not match the one sent (got %s); the response belongs to another request"
              .formatted(callback.containsKey("state") ? "a different value" : "none"));
    }
    String code = callback.get("code");
    if (code == null || code.isBlank()) {
      throw new GoldenException(
          "OIDC login: the redirect to %s carries no code".formatted(oidc.redirectUri()));
    }
    register("oidc:authorization-code", code);
    http.cookieValues().forEach(cookie -> register("oidc:session-cookie", cookie));
    register("oidc:pkce-verifier", verifier);

    Map<String, String> exchangeForm = new LinkedHashMap<>();
    exchangeForm.put("grant_type", "authorization_code");
    exchangeForm.put("code", code);
    exchangeForm.put("redirect_uri", oidc.redirectUri().toString());
    exchangeForm.put("code_verifier", verifier);
    exchangeForm.put("client_id", oidc.clientId());
    HttpRequest.Builder tokenRequest =
        HttpRequest.newBuilder(provider.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(exchangeForm)));
    oidc.clientSecret()
        .ifPresent(secret -> tokenRequest.header("Authorization", basic(oidc.clientId(), secret)));
    Exchange tokenExchange = http.send("OIDC login: token", tokenRequest);
    steps.put("token", tokenExchange.elapsed());
    JsonNode body = tokenResponse("OIDC login: token", tokenExchange);

    Optional<BearerToken> idToken = Optional.empty();
    if (oidc.scopes().contains("openid")) {
      JsonNode id = body.path("id_token");
      if (!id.isString() || id.stringValue().isBlank()) {
        throw new GoldenException(
            "OIDC login: the token response has no id_token although scope openid was requested");
      }
      idToken = Optional.of(registered("oidc:id-token", new BearerToken(id.stringValue())));
      validator.validate(
          idToken.get(), TokenExpectation.idToken(oidc.clientId(), nonce, oidc.requiredClaims()));
    }
    BearerToken access =
        registered("oidc:access-token", new BearerToken(body.path("access_token").stringValue()));
    JsonNode refresh = body.path("refresh_token");
    if (refresh.isString()) register("oidc:refresh-token", refresh.stringValue());
    List<String> required = new ArrayList<>(oidc.requiredClaims());
    required.add(oidc.tenantClaim());
    ValidatedToken claims =
        validator.validate(access, TokenExpectation.accessToken(oidc.audience(), required));
    String tenant = claims.stringClaim(oidc.tenantClaim()).orElse("(not a string)");
    if (!tenant.equals(account.tenant())) {
      throw new GoldenException(
          "OIDC login: the access token of '%s' carries %s '%s', expected '%s'"
              .formatted(account.username(), oidc.tenantClaim(), tenant, account.tenant()));
    }
    return new Tokens(access, idToken, claims, steps);
  }

  /**
   * Every credential the login obtains is registered with the run's secrets before anything can
   * print it, so the report, the logs and the evidence show it as {@code [REDACTED:oidc:...]}.
   */
  private static BearerToken registered(String reference, BearerToken token) {
    register(reference, token.reveal());
    return token;
  }

  private static void register(String reference, String value) {
    if (value != null && value.length() >= 4) SecretRegistry.run().register(reference, value);
  }

  private Map<String, String> formFields(LoginForm form, LoginAccount account) {
    Map<String, String> fields = new LinkedHashMap<>(form.hiddenFields());
    fields.put(oidc.login().usernameField(), account.username());
    account
        .password()
        .ifPresent(password -> fields.put(oidc.login().passwordField(), password.reveal()));
    oidc.login()
        .extraFields()
        .forEach((name, value) -> fields.put(name, value.replace("{{tenant}}", account.tenant())));
    return fields;
  }

  private boolean isRedirectUri(URI location) {
    URI expected = oidc.redirectUri();
    return expected.getScheme().equalsIgnoreCase(String.valueOf(location.getScheme()))
        && expected.getHost().equalsIgnoreCase(String.valueOf(location.getHost()))
        && expected.getPort() == location.getPort()
        && String.valueOf(expected.getPath()).equals(String.valueOf(location.getPath()));
  }

  private static JsonNode tokenResponse(String what, Exchange exchange) {
    if (exchange.status() != 200) {
      // an error response holds no token; show only its error fields
      String detail;
      try {
        JsonNode error = Json.parse(what, exchange.body());
        detail =
            "error=%s (%s)"
                .formatted(
                    error.path("error").asString("none"),
                    error.path("error_description").asString("no description"));
      } catch (GoldenException notJson) {
        detail = "a non-JSON body";
      }
      throw new GoldenException(
          "%s: the token endpoint answered %d with %s; check client_id, client_secret and redirect_uri"
              .formatted(what, exchange.status(), detail));
    }
    JsonNode body = Json.parse(what, exchange.body());
    JsonNode access = body.path("access_token");
    if (!access.isString() || access.stringValue().isBlank()) {
      throw new GoldenException(
          "%s: the token response has no access_token (fields: %s)"
              .formatted(what, fieldNames(body)));
    }
    return body;
  }

  private static List<String> fieldNames(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }

  private static Map<String, String> queryParameters(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query == null) return parameters;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.putIfAbsent(name, value);
    }
    return parameters;
  }

  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String basic(String clientId, Secret secret) {
    // RFC 6749 2.3.1: form-encode id and secret before base64
    String pair =
        URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret.reveal(), StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "SHA-256 is missing from this JVM; every Java runtime must provide it", e);
    }
  }
}
