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
 * they are about to expire (a login per request would measure the provider, not the API); the OIDC
 * login golden itself always logs in afresh. Every measured golden is sampled per {@code
 * goldens.samples}/{@code goldens.duration} against its {@code goldens.targets}. A login that fails
 * makes the goldens that need its token fail with the login's reason; nothing throws. Security
 * goldens repeat each rejection check so that every track taking traffic sees each forgery (see
 * {@link #attemptsFor}).
 *
 * <p>Every run records the track that served it ({@link TrackAttribution}: {@code
 * goldens.track_header}). {@link #canary()} is the same suite judging the canary: its goldens go to
 * {@code endpoints.canary_api} when it is configured (canary by construction), otherwise through
 * the public API, where only the runs the track header names as canary count, sampled until {@code
 * goldens.samples} of them were (see {@link Sampler#sampleOnCanary}). With neither, the canary's
 * goldens fail as unprovable.
 *
 * <pre>{@code
 * GoldenSuite goldens = GoldenSuite.forEnvironment(env);
 * SamplingReport write = goldens.canary().entityWrite();
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
  private final Logins logins;
  private final boolean onCanary;

  private GoldenSuite(Environment environment, Logins logins, boolean onCanary) {
    this.environment = environment;
    this.goldens = environment.goldens();
    this.sampler = Sampler.from(goldens);
    this.logins = logins;
    this.onCanary = onCanary;
  }

  public static GoldenSuite forEnvironment(Environment environment) {
    return new GoldenSuite(environment, new Logins(), false);
  }

  /** The same goldens (and logins) judging the canary; see the class comment. */
  public GoldenSuite canary() {
    return new GoldenSuite(environment, logins, true);
  }

  /**
   * How this suite's API goldens know their serving track, e.g. {@code response header x-track}.
   */
  public TrackAttribution tracks() {
    if (onCanary && environment.endpoints().canaryApi().isPresent()) {
      return TrackAttribution.always(
          ServingTrack.CANARY, "endpoints.canary_api " + environment.endpoints().canaryApi().get());
    }
    return TrackAttribution.from(goldens);
  }

  private URI apiBase() {
    return onCanary
        ? environment.endpoints().canaryApi().orElse(environment.endpoints().api())
        : environment.endpoints().api();
  }

  private SamplingReport sample(
      String name,
      java.util.function.Supplier<GoldenResult> golden,
      Map<String, Duration> targets) {
    return onCanary
        ? sampler.sampleOnCanary(
            name, golden, targets, tracks(), goldens.canaryMaxRuns(), goldens.canaryMaxDuration())
        : sampler.sample(name, golden, targets);
  }

  /** The step of the login golden that uses the fresh token, as a user's first click would. */
  public static final String FIRST_CALL = "first authenticated call";

  /**
   * Fresh logins of the golden user of {@code goldens.tenant}, timed end to end ({@value
   * OidcLogin#METRIC}), each followed by the first authenticated API call with the new token: a
   * login the API then refuses is a failed login for the user, whatever the provider said.
   */
  public SamplingReport oidcLogin() {
    return sample(
        OidcLogin.NAME,
        this::loginAndFirstCall,
        Map.of(OidcLogin.METRIC, goldens.targets().oidcLogin()));
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
    GraphQlClient api =
        new GraphQlClient(
            GraphQlClient.endpoint(apiBase(), goldens.graphqlPath()),
            fresh::accessToken,
            goldens.callTimeout(),
            tracks(),
            goldens.http());
    try {
      GraphQlResponse response =
          api.call(
              goldens.operations().entity(),
              Map.of("id", goldens.seedEntityId(), "tenant", goldens.tenant()));
      Map<String, Duration> timings = new LinkedHashMap<>(login.timings());
      timings.put(FIRST_CALL, response.elapsed());
      if (response.status() != 200
          || !response.errors().isEmpty()
          || !response
              .at(goldens.operations().entity().pointer("entity").orElseThrow())
              .isObject()) {
        return GoldenResult.failed(
                OidcLogin.NAME,
                startedAt,
                timings,
                "the login succeeded but the API refused the fresh token on the first call (%s reading %s): %s"
                    .formatted(
                        goldens.operations().entity().operationName(),
                        goldens.seedEntityId(),
                        response.describe()))
            .servedBy(response.track());
      }
      // the provider is not on a track: the API's first call with the fresh token is what a track
      // served
      return GoldenResult.passed(OidcLogin.NAME, startedAt, timings).servedBy(response.track());
    } catch (GoldenException e) {
      return GoldenResult.failed(
          OidcLogin.NAME,
          startedAt,
          login.timings(),
          "first authenticated call: " + e.getMessage());
    }
  }

  /**
   * Create, read back and delete a probe entity ({@value EntityWriteGolden#METRIC} is the
   * mutation).
   */
  public SamplingReport entityWrite() {
    EntityWriteGolden write =
        new EntityWriteGolden(
            onTrack(goldens.tenant()), goldens.operations(), goldens.tenant(), goldens.probeKind());
    return sample(
        EntityWriteGolden.NAME,
        write::run,
        Map.of(EntityWriteGolden.METRIC, goldens.targets().entityWrite()));
  }

  /** The 3-hop neighbourhood of the seed entity. */
  public SamplingReport graphQuery() {
    GraphQueryGolden query =
        new GraphQueryGolden(
            onTrack(goldens.tenant()),
            goldens.operations().graphNeighborhood(),
            goldens.tenant(),
            goldens.seedEntityId(),
            goldens.neighborhoodLimit());
    return sample(
        GraphQueryGolden.NAME,
        query::run,
        Map.of(GraphQueryGolden.METRIC, goldens.targets().graphQuery()));
  }

  /** Subscribe, write, receive the event: connect time and event delivery time. */
  public SamplingReport subscription() {
    GraphQlClient api = onTrack(goldens.tenant());
    SubscriptionGolden subscription =
        new SubscriptionGolden(
            SubscriptionGolden.webSocketUri(api.endpoint()),
            api,
            goldens.operations(),
            goldens.tenant(),
            goldens.probeKind());
    Map<String, Duration> targets = new LinkedHashMap<>();
    targets.put(SubscriptionGolden.CONNECT, goldens.targets().subscriptionConnect());
    targets.put(SubscriptionGolden.EVENT, goldens.targets().subscriptionEvent());
    return sample(SubscriptionGolden.NAME, subscription::run, targets);
  }

  /**
   * Every security golden (each one critical), with each rejection check repeated {@link
   * #attemptsFor(int) attemptsFor(canaryPercent)} times.
   */
  public List<GoldenResult> security(int canaryPercent) {
    Optional<BearerToken> expired =
        goldens.expiredToken().map(secret -> new BearerToken(secret.reveal()));
    URI jwks;
    try {
      jwks = login().provider().jwksUri();
    } catch (GoldenException e) {
      return List.of(
          GoldenResult.error(
              "Security goldens", Instant.now(), Map.of(), "could not run: " + e.getMessage()));
    }
    return new SecurityGoldens(
            api(goldens.tenant()),
            api(goldens.otherTenant()),
            goldens,
            jwks,
            expired,
            environment.oidc().tenantClaim())
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
    if (canaryPercent < 0 || canaryPercent > 100)
      throw new IllegalArgumentException("canary percent must be 0..100, got " + canaryPercent);
    int smallerShare = Math.min(canaryPercent, 100 - canaryPercent);
    if (smallerShare == 0) return 1;
    double attempts = Math.ceil(Math.log(MISS_PROBABILITY) / Math.log(1 - smallerShare / 100.0));
    return (int) Math.min(MAX_ATTEMPTS, Math.max(1, attempts));
  }

  private OidcLogin login() {
    synchronized (logins) {
      if (logins.login == null) {
        logins.login =
            OidcLogin.discover(
                environment.endpoints().oidcIssuer(),
                environment.oidc(),
                goldens.callTimeout(),
                goldens.http());
      }
      return logins.login;
    }
  }

  /**
   * A client of the public API (the security goldens: both tracks behind the edge must refuse
   * forgeries).
   */
  private GraphQlClient api(String tenant) {
    return new GraphQlClient(
        GraphQlClient.endpoint(environment.endpoints().api(), goldens.graphqlPath()),
        () -> tokensOf(tenant).accessToken(),
        goldens.callTimeout(),
        TrackAttribution.from(goldens),
        goldens.http());
  }

  /**
   * A client of the API this suite judges: the canary's own URL when it judges the canary and one
   * is configured.
   */
  private GraphQlClient onTrack(String tenant) {
    return new GraphQlClient(
        GraphQlClient.endpoint(apiBase(), goldens.graphqlPath()),
        () -> tokensOf(tenant).accessToken(),
        goldens.callTimeout(),
        tracks(),
        goldens.http());
  }

  /**
   * The golden user's access token ({@code goldens.token}: login or client credentials), kept and
   * renewed like the goldens' own; for users' own API checks (see {@code api.ApiRequests}).
   */
  public BearerToken accessToken() {
    return tokensOf(goldens.tenant()).accessToken();
  }

  /**
   * The tenant's tokens ({@code goldens.token}), logging in on first use and again when they expire
   * within two call timeouts.
   */
  private Tokens tokensOf(String tenant) {
    synchronized (logins) {
      Tokens current = logins.tokens.get(tenant);
      if (current == null || expiresSoon(current)) {
        OidcLogin provider = login();
        if (goldens.token() == Goldens.TokenSource.CLIENT_CREDENTIALS) {
          current = provider.clientCredentials(tenant, tenant.equals(goldens.tenant()));
        } else {
          LoginAccount account =
              tenant.equals(goldens.tenant())
                  ? provider.account(tenant)
                  : provider.otherAccount(tenant);
          current = provider.authorizationCode(account);
        }
        logins.tokens.put(tenant, current);
      }
      return current;
    }
  }

  /** The provider and the tenants' tokens, shared by a suite and its {@link #canary()} view. */
  private static final class Logins {
    private final Map<String, Tokens> tokens = new HashMap<>();
    private OidcLogin login;
  }

  private boolean expiresSoon(Tokens current) {
    Date expiry = current.access().claims().getExpirationTime();
    return expiry == null
        || expiry.toInstant().isBefore(Instant.now().plus(goldens.callTimeout().multipliedBy(2)));
  }
}
