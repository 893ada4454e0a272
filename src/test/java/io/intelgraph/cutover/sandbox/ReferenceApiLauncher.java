package io.intelgraph.cutover.sandbox;

import io.intelgraph.cutover.sandbox.api.FaultTuning;
import io.intelgraph.cutover.sandbox.api.LoadGenerator;
import io.intelgraph.cutover.sandbox.api.ReferenceApi;
import io.intelgraph.cutover.sandbox.api.Track;
import io.intelgraph.cutover.sandbox.oidc.OidcProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plugs the reference API into the sandbox: both tracks behind the ingress-weighted router, tokens
 * validated against the sandbox's OIDC provider, and steady load so rates and quantiles have data.
 */
public final class ReferenceApiLauncher implements ApiLauncher {

  private final int loadFactor;
  private final Duration serviceTime;

  /** The reference API under the load generator's default load. */
  public ReferenceApiLauncher() {
    this(1);
  }

  /**
   * The reference API under {@code loadFactor} times the load generator's default request rate
   * (same mix), e.g. for a benchmark that splits the traffic into that many slices, each as large
   * as the default whole.
   */
  public ReferenceApiLauncher(int loadFactor) {
    this(loadFactor, Duration.ZERO);
  }

  private ReferenceApiLauncher(int loadFactor, Duration serviceTime) {
    if (loadFactor < 1 || loadFactor > 5) {
      throw new IllegalArgumentException(
          "ReferenceApiLauncher load factor is %d; expected 1 (the default load) to 5"
              .formatted(loadFactor));
    }
    this.loadFactor = loadFactor;
    // refused here, when the launcher is built, rather than when a sandbox starts
    this.serviceTime = FaultTuning.defaults().withServiceTime(serviceTime).serviceTime();
  }

  /**
   * The same API answering every request in at least {@code serviceTime} (see {@link
   * FaultTuning#serviceTime()}), as a production API does in tens of ms.
   */
  public ReferenceApiLauncher withServiceTime(Duration serviceTime) {
    return new ReferenceApiLauncher(loadFactor, serviceTime);
  }

  @Override
  public StartedApi start(ApiContext context) {
    ReferenceApi api =
        ReferenceApi.start(
            ReferenceApi.Options.defaults(
                    context.oidc().issuer().toString(),
                    context.oidc().jwksUri(),
                    context.trafficWeights(),
                    context.faults())
                .withFaultTuning(FaultTuning.defaults().withServiceTime(serviceTime))
                .withClock(context.clock()));
    LoadGenerator load;
    try {
      LoadGenerator.Options options =
          LoadGenerator.Options.defaults(
                  api.baseUrl(), api.graphqlWsUrl(), new LoadTokens(context.oidc()))
              .withTenantMix(new io.intelgraph.cutover.sandbox.api.TenantMix(context.faults()));
      load =
          LoadGenerator.start(
              options.withRequestsPerSecond(options.requestsPerSecond() * loadFactor));
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    return new StartedApi(
        api.baseUrl(),
        api.graphqlWsUrl(),
        Map.of(
            Track.STABLE.label(),
            api.metricsUrl(Track.STABLE),
            Track.CANARY.label(),
            api.metricsUrl(Track.CANARY)),
        () -> {
          load.close();
          api.close();
        },
        // the router names the serving track in this header; the suite is told so like any edge's
        // convention
        Map.of(SandboxConfigKeys.TRACK_HEADER, ReferenceApi.SERVED_BY_HEADER));
  }

  /**
   * The load generator's bearer token, renewed well before it expires. It carries no tenant claim:
   * a service acting for many tenants names each request's tenant in {@code x-tenant-id}.
   */
  private static final class LoadTokens implements Supplier<String> {
    private static final Duration RENEW_AFTER = Duration.ofMinutes(30);
    private final OidcProvider oidc;
    private String token;
    private Instant mintedAt = Instant.MIN;

    LoadTokens(OidcProvider oidc) {
      this.oidc = oidc;
    }

    @Override
    public synchronized String get() {
      Instant now = Instant.now();
      if (token == null || Duration.between(mintedAt, now).compareTo(RENEW_AFTER) > 0) {
        token = oidc.clientCredentialsToken(OidcProvider.CLIENT_ID, Map.of());
        mintedAt = now;
      }
      return token;
    }
  }
}
