package io.intelgraph.cutover.golden;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.support.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The security goldens; every one is critical (a single failure is RED). The API must answer 401 to
 * a request without a token, with an expired token, with a token signed by another key (same {@code
 * kid}), with {@code alg: none}, with a tampered payload (the tenant claim flipped, the signature
 * kept) and with an HS256 token keyed by the provider's public key; and tenant B must not read
 * tenant A's entity. Forgeries come from {@link TokenForge} (Nimbus), built from a genuine token so
 * the one forged property is the only thing wrong.
 *
 * <p>Each result is PASSED, FAILED (a regression: the API accepted a forged or absent credential,
 * or tenant B saw tenant A's entity) or ERROR (the check could not judge: no answer, an outage's
 * answer, a missing prerequisite). Only FAILED is evidence of a security regression.
 *
 * <p>The expired token must be one the provider signed ({@code goldens.expired_token}); a forged
 * expiry would be rejected for its signature and prove nothing. Without one that check is an ERROR,
 * "not run": an unproven check is never a pass.
 *
 * <pre>{@code
 * SecurityGoldens security = new SecurityGoldens(apiA, apiB, env.goldens(), provider.jwksUri(), expired, env.oidc().tenantClaim());
 * assertThat(security.runAll()).allSatisfy(r -> assertThat(r.passed()).as("%s", r).isTrue());
 * }</pre>
 */
public final class SecurityGoldens {

  private final GraphQlClient api;
  private final GraphQlClient otherTenantApi;
  private final Goldens goldens;
  private final URI jwksUri;
  private final Optional<BearerToken> expiredToken;
  private final String tenantClaim;
  private final int attempts;

  /**
   * @param api a client holding a genuine token of {@code goldens.tenant}
   * @param otherTenantApi a client holding a genuine token of {@code goldens.other_tenant}
   * @param jwksUri the provider's JWKS, for the algorithm-confusion forgery
   * @param expiredToken an expired token signed by the provider, if one is configured
   * @param tenantClaim the claim the tampering forgery flips to the other tenant ({@code
   *     oidc.tenant_claim})
   */
  public SecurityGoldens(
      GraphQlClient api,
      GraphQlClient otherTenantApi,
      Goldens goldens,
      URI jwksUri,
      Optional<BearerToken> expiredToken,
      String tenantClaim) {
    this(api, otherTenantApi, goldens, jwksUri, expiredToken, tenantClaim, 1);
  }

  private SecurityGoldens(
      GraphQlClient api,
      GraphQlClient otherTenantApi,
      Goldens goldens,
      URI jwksUri,
      Optional<BearerToken> expiredToken,
      String tenantClaim,
      int attempts) {
    if (attempts < 1)
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    this.attempts = attempts;
    this.tenantClaim = tenantClaim;
    this.api = api;
    this.otherTenantApi = otherTenantApi;
    this.goldens = goldens;
    this.jwksUri = jwksUri;
    this.expiredToken = expiredToken;
  }

  /**
   * The same goldens, each rejection check sending its credential {@code attempts} times (forged
   * once): behind a weighted load balancer one request reaches one track, so a regression on a
   * track that takes 20 % of the traffic needs repeated requests to be seen. The first answer other
   * than 401 fails the check.
   */
  public SecurityGoldens withAttempts(int attempts) {
    return new SecurityGoldens(
        api, otherTenantApi, goldens, jwksUri, expiredToken, tenantClaim, attempts);
  }

  public int attempts() {
    return attempts;
  }

  /** Every security golden, in a fixed order. */
  public List<GoldenResult> runAll() {
    return List.of(
        noToken(),
        expiredToken(),
        signedByAnotherKey(),
        unsignedAlgNone(),
        tamperedPayload(),
        hmacWithPublicKey(),
        crossTenantRead());
  }

  public GoldenResult noToken() {
    return rejected("Security: no token", () -> Optional.empty());
  }

  public GoldenResult expiredToken() {
    String name = "Security: expired token";
    if (expiredToken.isEmpty()) {
      return GoldenResult.error(
          name,
          Instant.now(),
          Map.of(),
          "not run: no expired token signed by the provider is configured; set goldens.expired_token to {file: PATH} or {env: VARIABLE}");
    }
    return rejected(name, () -> expiredToken);
  }

  public GoldenResult signedByAnotherKey() {
    return rejected(
        "Security: token signed by another key", () -> Optional.of(forge().signedByAnotherKey()));
  }

  public GoldenResult unsignedAlgNone() {
    return rejected("Security: alg none", () -> Optional.of(forge().unsigned()));
  }

  public GoldenResult tamperedPayload() {
    return rejected(
        "Security: tampered payload (tenant claim flipped)",
        () -> Optional.of(forge().tampered(tenantClaim, goldens.otherTenant())));
  }

  public GoldenResult hmacWithPublicKey() {
    return rejected(
        "Security: HS256 keyed with the provider's public key",
        () -> {
          TokenForge forge = forge();
          return Optional.of(forge.hmacWithPublicKey(providerKey(forge.keyId())));
        });
  }

  /**
   * Tenant A creates an entity; tenant B reads it (naming tenant A, then its own tenant). Each read
   * is isolated only when it is a successful GraphQL answer whose {@code entity} is null, or an
   * explicit authorization refusal (HTTP 403, or a GraphQL error with one of {@link
   * #AUTHORIZATION_CODES}). Any entity in the answer is a breach. Anything else (a 401 from an
   * outage, a 5xx, a timeout, a body that is not the GraphQL shape) proves nothing either way:
   * ERROR, with the answer.
   */
  public GoldenResult crossTenantRead() {
    String name = "Security: tenant isolation";
    Instant startedAt = Instant.now();
    EntityWriteGolden writer =
        new EntityWriteGolden(api, goldens.operations(), goldens.tenant(), goldens.probeKind());
    EntityWriteGolden.Created created = null;
    String breach = null;
    String unjudged = null;
    ServingTrack track = ServingTrack.UNKNOWN;
    try {
      created = writer.create(EntityWriteGolden.newMarker());
      for (String asTenant : List.of(goldens.tenant(), goldens.otherTenant())) {
        String probe =
            "tenant %s reading entity %s of tenant %s (asking with tenantId %s)"
                .formatted(goldens.otherTenant(), created.id(), goldens.tenant(), asTenant);
        GraphQlResponse response;
        try {
          response =
              otherTenantApi.call(
                  goldens.operations().entity(), Map.of("id", created.id(), "tenant", asTenant));
        } catch (GoldenException e) {
          if (unjudged == null) unjudged = "%s got no answer: %s".formatted(probe, e.getMessage());
          continue;
        }
        JsonNode entity =
            response.at(goldens.operations().entity().pointer("entity").orElseThrow());
        if (entity.isObject() && !entity.isEmpty()) {
          breach =
              "tenant %s read entity %s of tenant %s (asking with tenantId %s)%s: %s; tenant isolation is broken; body: %s"
                  .formatted(
                      goldens.otherTenant(),
                      created.id(),
                      goldens.tenant(),
                      asTenant,
                      on(response.track()),
                      response.describe(),
                      excerpt(response));
          track = response.track();
          break;
        }
        if (!isolated(response, goldens.operations().entity().pointer("entity").orElseThrow())
            && unjudged == null) {
          unjudged =
              ("%s%s: %s is neither a successful answer without the entity nor an authorization refusal (HTTP 403 or"
                      + " a GraphQL error coded %s), so isolation is not proven; body: %s")
                  .formatted(
                      probe,
                      on(response.track()),
                      response.describe(),
                      AUTHORIZATION_CODES,
                      excerpt(response));
        }
      }
    } catch (GoldenException e) {
      unjudged =
          "could not run: tenant %s's entity for the probe was not created: %s"
              .formatted(goldens.tenant(), e.getMessage());
    } finally {
      if (created != null) {
        try {
          writer.delete(created.id());
        } catch (GoldenException e) {
          String left = "clean-up left entity " + created.id() + " behind: " + e.getMessage();
          if (breach != null) breach += "; and " + left;
          else unjudged = (unjudged == null ? "" : unjudged + "; and ") + left;
        }
      }
    }
    if (breach != null)
      return GoldenResult.failed(name, startedAt, Map.of(), breach).servedBy(track);
    if (unjudged != null) return GoldenResult.error(name, startedAt, Map.of(), unjudged);
    return GoldenResult.passed(name, startedAt, Map.of());
  }

  /**
   * GraphQL error codes that mean "you may not", as servers spell them ({@code extensions.code},
   * compared ignoring case, {@code -} as {@code _}): Apollo Server's built-in FORBIDDEN
   * (https://www.apollographql.com/docs/apollo-server/data/errors#built-in-error-codes) and the
   * spellings other servers use for the same refusal (access-denied, permission-denied,
   * permission-error, unauthorized). UNAUTHENTICATED is not one: it means the token itself was
   * refused, which is what an outage of the provider looks like.
   */
  public static final List<String> AUTHORIZATION_CODES =
      List.of(
          "FORBIDDEN", "ACCESS_DENIED", "PERMISSION_DENIED", "PERMISSION_ERROR", "UNAUTHORIZED");

  /** A successful answer with {@code entity: null}, or an explicit authorization refusal. */
  static boolean isolated(GraphQlResponse response) {
    return isolated(response, "/data/entity");
  }

  /**
   * The same, the entity read at {@code entityPointer} ({@code
   * goldens.operations.entity.read.entity}).
   */
  static boolean isolated(GraphQlResponse response, String entityPointer) {
    JsonNode entity = response.at(entityPointer);
    boolean noEntity = entity.isNull() || entity.isMissingNode();
    if (response.status() == 403) return noEntity;
    if (response.status() != 200) return false;
    if (response.errors().isEmpty()) return entity.isNull();
    return noEntity
        && response.errorCodes().stream()
            .map(code -> code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
            .anyMatch(AUTHORIZATION_CODES::contains);
  }

  private GoldenResult rejected(String name, Supplier<Optional<BearerToken>> credential) {
    Instant startedAt = Instant.now();
    Optional<BearerToken> token;
    try {
      token = credential.get();
    } catch (GoldenException | IllegalStateException e) {
      return GoldenResult.error(name, startedAt, Map.of(), "could not run: " + e.getMessage());
    }
    Duration slowest = Duration.ZERO;
    String unjudged = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      GraphQlResponse response;
      try {
        response =
            api.call(
                goldens.operations().entity(),
                Map.of("id", goldens.seedEntityId(), "tenant", goldens.tenant()),
                token);
      } catch (GoldenException | IllegalStateException e) {
        // no answer at all: stop here, the next attempts would wait out the same timeout
        return GoldenResult.error(
            name,
            startedAt,
            timing(slowest),
            "could not run%s: %s%s"
                .formatted(
                    of(attempt), e.getMessage(), unjudged == null ? "" : "; earlier: " + unjudged));
      }
      if (response.elapsed().compareTo(slowest) > 0) slowest = response.elapsed();
      if (response.status() == 401) continue;
      boolean leaked =
          response.at(goldens.operations().entity().pointer("entity").orElseThrow()).isObject();
      if (leaked || response.status() / 100 == 2) {
        return GoldenResult.failed(
                name,
                startedAt,
                timing(slowest),
                "%s at %s answered %s instead of 401%s%s%s; body: %s"
                    .formatted(
                        api.endpoint(),
                        goldens.operations().entity().operationName(),
                        response.describe(),
                        of(attempt),
                        leaked
                            ? ", AND RETURNED THE ENTITY (authentication bypass)"
                            : ": it accepted the credential",
                        on(response.track()),
                        excerpt(response)))
            .servedBy(response.track());
      }
      // neither accepted nor refused as 401 (an outage's 5xx, a 403, a redirect): keep trying, a
      // bypass may still show
      if (unjudged == null) {
        unjudged =
            "%s at %s answered %s instead of 401%s%s: that neither accepts nor refuses the credential, so this check could not judge; body: %s"
                .formatted(
                    api.endpoint(),
                    goldens.operations().entity().operationName(),
                    response.describe(),
                    of(attempt),
                    on(response.track()),
                    excerpt(response));
      }
    }
    if (unjudged != null) return GoldenResult.error(name, startedAt, timing(slowest), unjudged);
    return GoldenResult.passed(name, startedAt, Map.of("rejection", slowest));
  }

  private static Map<String, Duration> timing(Duration slowest) {
    return slowest.isZero() ? Map.of() : Map.of("rejection", slowest);
  }

  private static String on(ServingTrack track) {
    return track == ServingTrack.UNKNOWN ? "" : " (served by " + track.label() + ")";
  }

  /** The body excerpt for evidence, without any secret this run knows (tokens, passwords). */
  private static String excerpt(GraphQlResponse response) {
    return new Redactor(SecretRegistry.run()).redact(response.bodyExcerpt());
  }

  private String of(int attempt) {
    return attempts == 1 ? "" : " (attempt %d of %d)".formatted(attempt, attempts);
  }

  private TokenForge forge() {
    return TokenForge.of(api.token());
  }

  private PublicKey providerKey(String kid) {
    int millis = (int) Math.min(Integer.MAX_VALUE, api.timeout().toMillis());
    try {
      JWKSet keys = JWKSet.load(jwksUri.toURL(), millis, millis, 512 * 1024);
      JWK key =
          kid == null ? keys.getKeys().stream().findFirst().orElse(null) : keys.getKeyByKeyId(kid);
      if (!(key instanceof AsymmetricJWK asymmetric)) {
        throw new GoldenException(
            "the JWKS at %s has no asymmetric key with kid %s".formatted(jwksUri, kid));
      }
      return asymmetric.toPublicKey();
    } catch (IOException | ParseException | JOSEException e) {
      throw new GoldenException(
          "cannot load the provider's JWKS from %s within %d ms: %s"
              .formatted(jwksUri, millis, BoundedHttp.describe(e)),
          e);
    }
  }
}
