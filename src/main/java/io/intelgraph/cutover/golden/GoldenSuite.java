package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Goldens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All golden transactions of one environment, built once and sampled at every traffic step: the
 * canary at 20 % and each step of the ramp ask the same suite.
 *
 * <p>Design note: the goldens that use the API log in once per tenant and keep the tokens until
 * they are about to expire (a login per request would measure the provider, not the API); the
 * OIDC login golden itself always logs in afresh. Every measured golden is sampled per
 * {@code goldens.samples}/{@code goldens.duration} against its {@code goldens.targets}. A login
 * that fails makes the goldens that need its token fail with the login's reason; nothing throws.
 * Security goldens repeat each rejection check so that every track taking traffic sees each
 * forgery (see {@link #attemptsFor}).
 *
 * <pre>{@code
 * GoldenSuite goldens = GoldenSuite.forEnvironment(env);
 * SamplingReport write = goldens.entityWrite();
 * assertThat(write.passed()).as(write.summary()).isTrue();
 * List<GoldenResult> security = goldens.security(ledger.read().canaryPercent());
 * }</pre>
 */
public final class GoldenSuite {

  /** The chance a track taking traffic is never sent a given forgery; see {@link #attemptsFor}. */
  public static final double MISS_PROBABILITY = 0.001;
  /** Upper bound of the repeated requests per security check, whatever the weights. */
  public static final int MAX_ATTEMPTS = 500;

  private final Environment environment;
  private final Goldens goldens;
  private final Sampler sampler;
  private final Map<String, Tokens> tokens = new HashMap<>();
  private OidcLogin login;

  private GoldenSuite(Environment environment) {
    this.environment = environment;
    this.goldens = environment.goldens();
    this.sampler = Sampler.from(goldens);
  }

  public static GoldenSuite forEnvironment(Environment environment) {
    return new GoldenSuite(environment);
  }

  /** The step of the login golden that uses the fresh token, as a user's first click would. */
  public static final String FIRST_CALL = "first authenticated call";

  /**
   * Fresh logins of the golden user of {@code goldens.tenant}, timed end to end ({@value OidcLogin#METRIC}),
   * each followed by the first authenticated API call with the new token: a login the API then
   * refuses is a failed login for the user, whatever the provider said.
   */
  public SamplingReport oidcLogin() {
    return sampler.sample(OidcLogin.NAME, this::loginAndFirstCall, Map.of(OidcLogin.METRIC, goldens.targets().oidcLogin()));
  }

  private GoldenResult loginAndFirstCall() {
    Instant startedAt = Instant.now();
    GoldenResult login;
    Tokens fresh;
    try {
      fresh = login().authorizationCode(login().account(goldens.tenant()));
      Map<String, Duration> timings = new LinkedHashMap<>();
      timings.put(OidcLogin.METRIC, fresh.elapsed());
      timings.putAll(fresh.steps());
      login = GoldenResult.passed(OidcLogin.NAME, startedAt, timings);
    } catch (GoldenException e) {
      return GoldenResult.failed(OidcLogin.NAME, startedAt, Map.of(), e.getMessage());
    }
    GraphQlClient api = new GraphQlClient(GraphQlClient.endpoint(environment.endpoints().api(), goldens.graphqlPath()),
        fresh::accessToken, goldens.callTimeout(), goldens.http());
    try {
      GraphQlResponse response = api.call(goldens.operations().entity(), Map.of("id", goldens.seedEntityId(), "tenant", goldens.tenant()));
      Map<String, Duration> timings = new LinkedHashMap<>(login.timings());
      timings.put(FIRST_CALL, response.elapsed());
      if (response.status() != 200 || !response.errors().isEmpty()
          || !response.at(goldens.operations().entity().pointer("entity").orElseThrow()).isObject()) {
        return GoldenResult.failed(OidcLogin.NAME, startedAt, timings,
            "the login succeeded but the API refused the fresh token on the first call (%s reading %s): %s"
                .formatted(goldens.operations().entity().operationName(), goldens.seedEntityId(), response.describe()));
      }
      return GoldenResult.passed(OidcLogin.NAME, startedAt, timings);
    } catch (GoldenException e) {
      return GoldenResult.failed(OidcLogin.NAME, startedAt, login.timings(), "first authenticated call: " + e.getMessage());
    }
  }

  /** Create, read back and delete a probe entity ({@value EntityWriteGolden#METRIC} is the mutation). */
  public SamplingReport entityWrite() {
    EntityWriteGolden write = new EntityWriteGolden(api(goldens.tenant()), goldens.operations(), goldens.tenant(), goldens.probeKind());
    return sampler.sample(EntityWriteGolden.NAME, write::run, Map.of(EntityWriteGolden.METRIC, goldens.targets().entityWrite()));
  }

  /** The 3-hop neighbourhood of the seed entity. */
  public SamplingReport graphQuery() {
    GraphQueryGolden query = new GraphQueryGolden(api(goldens.tenant()), goldens.operations().graphNeighborhood(), goldens.tenant(),
        goldens.seedEntityId(), goldens.neighborhoodLimit());
    return sampler.sample(GraphQueryGolden.NAME, query::run, Map.of(GraphQueryGolden.METRIC, goldens.targets().graphQuery()));
  }

  /** Subscribe, write, receive the event: connect time and event delivery time. */
  public SamplingReport subscription() {
    GraphQlClient api = api(goldens.tenant());
    SubscriptionGolden subscription = new SubscriptionGolden(SubscriptionGolden.webSocketUri(api.endpoint()), api,
        goldens.operations(), goldens.tenant(), goldens.probeKind());
    Map<String, Duration> targets = new LinkedHashMap<>();
    targets.put(SubscriptionGolden.CONNECT, goldens.targets().subscriptionConnect());
    targets.put(SubscriptionGolden.EVENT, goldens.targets().subscriptionEvent());
    return sampler.sample(SubscriptionGolden.NAME, subscription::run, targets);
  }

  /**
   * Every security golden (each one critical), with each rejection check repeated
   * {@link #attemptsFor(int) attemptsFor(canaryPercent)} times.
   */
  public List<GoldenResult> security(int canaryPercent) {
    Optional<BearerToken> expired = goldens.expiredToken().map(secret -> new BearerToken(secret.reveal()));
    URI jwks;
    try {
      jwks = login().provider().jwksUri();
    } catch (GoldenException e) {
      return List.of(GoldenResult.failed("Security goldens", Instant.now(), Map.of(), "could not run: " + e.getMessage()));
    }
    return new SecurityGoldens(api(goldens.tenant()), api(goldens.otherTenant()), goldens, jwks, expired, environment.oidc().tenantClaim())
        .withAttempts(attemptsFor(canaryPercent))
        .runAll();
  }

  /**
   * How often to send each forged credential so that every track taking traffic receives it with
   * probability at least 1 - {@value #MISS_PROBABILITY}, assuming the load balancer picks the track
   * per request by weight (no stickiness): the smaller of the two shares decides. 1 when one track
   * takes everything; 31 at 20 % (or 80 %); 14 at 40 %; at most {@value #MAX_ATTEMPTS}.
   */
  public static int attemptsFor(int canaryPercent) {
    if (canaryPercent < 0 || canaryPercent > 100) throw new IllegalArgumentException("canary percent must be 0..100, got " + canaryPercent);
    int smallerShare = Math.min(canaryPercent, 100 - canaryPercent);
    if (smallerShare == 0) return 1;
    double attempts = Math.ceil(Math.log(MISS_PROBABILITY) / Math.log(1 - smallerShare / 100.0));
    return (int) Math.min(MAX_ATTEMPTS, Math.max(1, attempts));
  }

  private synchronized OidcLogin login() {
    if (login == null) {
      login = OidcLogin.discover(environment.endpoints().oidcIssuer(), environment.oidc(), goldens.callTimeout(), goldens.http());
    }
    return login;
  }

  private GraphQlClient api(String tenant) {
    return new GraphQlClient(GraphQlClient.endpoint(environment.endpoints().api(), goldens.graphqlPath()),
        () -> tokensOf(tenant).accessToken(), goldens.callTimeout(), goldens.http());
  }

  /** The tenant's tokens ({@code goldens.token}), logging in on first use and again when they expire within two call timeouts. */
  private synchronized Tokens tokensOf(String tenant) {
    Tokens current = tokens.get(tenant);
    if (current == null || expiresSoon(current)) {
      OidcLogin provider = login();
      if (goldens.token() == Goldens.TokenSource.CLIENT_CREDENTIALS) {
        current = provider.clientCredentials(tenant, tenant.equals(goldens.tenant()));
      } else {
        LoginAccount account = tenant.equals(goldens.tenant()) ? provider.account(tenant) : provider.otherAccount(tenant);
        current = provider.authorizationCode(account);
      }
      tokens.put(tenant, current);
    }
    return current;
  }

  private boolean expiresSoon(Tokens current) {
    Date expiry = current.access().claims().getExpirationTime();
    return expiry == null || expiry.toInstant().isBefore(Instant.now().plus(goldens.callTimeout().multipliedBy(2)));
  }
}
