package io.intelgraph.cutover.sandbox.api;

import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.HttpString;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's stand-in for the production IntelGraph API: GraphQL (HTTP and graphql-transport-ws
 * on {@code /graphql}) and {@code GET /api/health}, protected by bearer JWTs from the OIDC
 * provider, served by two tracks behind a weighted router, each track with its own {@code
 * /metrics}.
 *
 * <pre>{@code
 * try (ReferenceApi api = ReferenceApi.start(ReferenceApi.Options.defaults(
 *     oidc.issuerUrl("default").toString(), oidc.jwksUrl("default").uri(), TrafficWeights.fixed(10), faults))) {
 *   URI graphql = api.baseUrl().resolve("/graphql");   // what clients use; answers carry x-served-by
 *   URI scrape = api.metricsUrl(Track.CANARY);         // what Prometheus scrapes
 * }
 * }</pre>
 *
 * Everything listens on 127.0.0.1, ephemeral ports. Seeded with {@link SeedData}; the golden
 * documents ({@link GoldenDocuments}) are registered as persisted queries.
 */
public final class ReferenceApi implements AutoCloseable {

  /** The response header naming the track that served a routed request. */
  public static final String SERVED_BY_HEADER = "x-served-by";

  private static final HttpString SERVED_BY = new HttpString(SERVED_BY_HEADER);

  /**
   * How to start the reference API.
   *
   * @param issuer the exact {@code iss} tokens must carry
   * @param jwksUri the OIDC provider's JWKS
   * @param audience the {@code aud} tokens must contain, if any
   * @param tenantClaim the claim naming the caller's tenant (the {@code x-tenant-id} header is used
   *     when absent)
   * @param weights the canary's share of traffic, read per routing decision
   * @param faults the sandbox's fault switch, read per request
   * @param faultTuning how hard the faults hit
   * @param routerSeed seed of the router's and the faults' randomness, for repeatable runs
   * @param connectionInitTimeout how long a WebSocket may stay without {@code connection_init}
   *     (then 4408)
   * @param clock the clock for entity timestamps and the brief-spike window (use the fault switch's
   *     clock)
   */
  public record Options(
      String issuer,
      URI jwksUri,
      Optional<String> audience,
      String tenantClaim,
      TrafficWeights weights,
      FaultSwitch faults,
      FaultTuning faultTuning,
      long routerSeed,
      Duration connectionInitTimeout,
      Clock clock) {

    public Options {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException(
            "ReferenceApi.Options.issuer is blank; expected the OIDC issuer URL tokens carry as 'iss'");
      }
      Objects.requireNonNull(
          jwksUri, "ReferenceApi.Options.jwksUri: the OIDC provider's JWKS URL is required");
      Objects.requireNonNull(
          audience, "ReferenceApi.Options.audience: use Optional.empty() to accept any audience");
      if (tenantClaim == null || tenantClaim.isBlank()) {
        throw new IllegalArgumentException(
            "ReferenceApi.Options.tenantClaim is blank; expected a claim name such as 'tenant'");
      }
      Objects.requireNonNull(
          weights, "ReferenceApi.Options.weights: use TrafficWeights.fixed(0) for stable only");
      Objects.requireNonNull(faults, "ReferenceApi.Options.faults");
      Objects.requireNonNull(
          faultTuning, "ReferenceApi.Options.faultTuning: use FaultTuning.defaults()");
      Objects.requireNonNull(clock, "ReferenceApi.Options.clock");
      if (connectionInitTimeout == null
          || connectionInitTimeout.isNegative()
          || connectionInitTimeout.isZero()) {
        throw new IllegalArgumentException(
            "ReferenceApi.Options.connectionInitTimeout is %s; expected a positive duration such as 3s"
                .formatted(connectionInitTimeout));
      }
    }

    /**
     * No audience check, tenant claim {@code tenant}, default fault tuning, seed 42, 3 s init
     * timeout, UTC clock.
     */
    public static Options defaults(
        String issuer, URI jwksUri, TrafficWeights weights, FaultSwitch faults) {
      return new Options(
          issuer,
          jwksUri,
          Optional.empty(),
          "tenant",
          weights,
          faults,
          FaultTuning.defaults(),
          42L,
          Duration.ofSeconds(3),
          Clock.systemUTC());
    }

    public Options withAudience(String requiredAudience) {
      return new Options(
          issuer,
          jwksUri,
          Optional.of(requiredAudience),
          tenantClaim,
          weights,
          faults,
          faultTuning,
          routerSeed,
          connectionInitTimeout,
          clock);
    }

    public Options withFaultTuning(FaultTuning tuning) {
      return new Options(
          issuer,
          jwksUri,
          audience,
          tenantClaim,
          weights,
          faults,
          tuning,
          routerSeed,
          connectionInitTimeout,
          clock);
    }

    public Options withRouterSeed(long seed) {
      return new Options(
          issuer,
          jwksUri,
          audience,
          tenantClaim,
          weights,
          faults,
          faultTuning,
          seed,
          connectionInitTimeout,
          clock);
    }

    public Options withConnectionInitTimeout(Duration timeout) {
      return new Options(
          issuer,
          jwksUri,
          audience,
          tenantClaim,
          weights,
          faults,
          faultTuning,
          routerSeed,
          timeout,
          clock);
    }

    public Options withClock(Clock newClock) {
      return new Options(
          issuer,
          jwksUri,
          audience,
          tenantClaim,
          weights,
          faults,
          faultTuning,
          routerSeed,
          connectionInitTimeout,
          newClock);
    }
  }

  private final Options options;
  private final ExecutorService feedExecutor;
  private final Map<Track, TrackServer> tracks = new EnumMap<>(Track.class);
  private final Undertow router;
  private final URI baseUrl;

  private ReferenceApi(Options options) {
    this.options = options;
    AtomicInteger threads = new AtomicInteger();
    this.feedExecutor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "reference-api-feed-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    EntityStore store = new EntityStore(options.clock());
    SeedData.seed(store);
    GraphQlEngine engine = new GraphQlEngine(store, feedExecutor);
    TokenVerifier verifier =
        new TokenVerifier(options.issuer(), options.jwksUri(), options.audience());
    FaultPolicy faults =
        new FaultPolicy(
            options.faults(),
            options.faultTuning(),
            options.clock(),
            new Random(options.routerSeed() + 1));
    TrackAuthenticator authenticator =
        new TrackAuthenticator(verifier, faults, options.tenantClaim());
    try {
      for (Track track : Track.values()) {
        TrackMetrics metrics = new TrackMetrics(track);
        TrackHttpHandler http = new TrackHttpHandler(track, metrics, faults, authenticator, engine);
        tracks.put(
            track,
            new TrackServer(
                track,
                metrics,
                http,
                faults,
                authenticator,
                engine,
                options.connectionInitTimeout()));
      }
      WeightedRouter picker =
          new WeightedRouter(options.weights(), new Random(options.routerSeed()));
      this.router =
          Undertow.builder()
              .addHttpListener(0, "127.0.0.1")
              .setIoThreads(2)
              .setWorkerThreads(
                  64) // canary latency parks one worker per request for ~600 ms; 40 rps at 100 %
              // canary needs ~25
              .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) TrackServer.MAX_BODY_BYTES)
              .setServerOption(
                  UndertowOptions.RECORD_REQUEST_START_TIME,
                  true) // a request's time starts when it is read
              .setHandler(
                  exchange -> {
                    Track track = picker.pick();
                    exchange.getResponseHeaders().put(SERVED_BY, track.label());
                    tracks.get(track).api().handleRequest(exchange);
                  })
              .build();
      router.start();
    } catch (RuntimeException e) {
      tracks.values().forEach(TrackServer::close);
      feedExecutor.shutdownNow();
      throw e;
    }
    this.baseUrl = TrackServer.baseUrlOf(router);
  }

  /** Starts both tracks and the router; the caller closes the returned API. */
  public static ReferenceApi start(Options options) {
    return new ReferenceApi(Objects.requireNonNull(options, "options"));
  }

  /** The weighted router: what clients use ({@code /graphql}, {@code /api/health}). */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The graphql-transport-ws endpoint behind the router: {@code ws://127.0.0.1:PORT/graphql}. */
  public URI graphqlWsUrl() {
    return URI.create("ws://" + baseUrl.getAuthority() + "/graphql");
  }

  /** A track's own {@code /metrics}, on that track's own port. */
  public URI metricsUrl(Track track) {
    return trackUrl(track).resolve("/metrics");
  }

  /**
   * A track's own listener, bypassing the router (same API as {@link #baseUrl()}, no x-served-by).
   */
  public URI trackUrl(Track track) {
    return tracks.get(Objects.requireNonNull(track, "track")).baseUrl();
  }

  /** The fault switch this API reads. */
  public FaultSwitch faults() {
    return options.faults();
  }

  public Options options() {
    return options;
  }

  @Override
  public void close() {
    router.stop();
    tracks.values().forEach(TrackServer::close);
    feedExecutor.shutdownNow();
    try {
      if (!feedExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("reference API feed threads did not stop within 2s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
