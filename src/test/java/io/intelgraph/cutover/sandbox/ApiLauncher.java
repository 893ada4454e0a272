package io.intelgraph.cutover.sandbox;

/**
 * The seam where the sandbox's reference API plugs in. {@link Sandbox#start} calls it after the
 * OIDC provider, the Kubernetes mock and the stand-ins are up and before Prometheus starts, so the
 * API can validate tokens against the JWKS, route by the ingress weights and react to faults, and
 * Prometheus can scrape each of its tracks.
 *
 * <pre>{@code
 * ApiLauncher reference = context -> {
 *   ReferenceApi api = ReferenceApi.start(new ReferenceApi.Options(context.oidc().jwksUri(),
 *       context.trafficWeights(), context.faults()));
 *   return new StartedApi(api.baseUrl(), api.graphqlWsUrl(),
 *       Map.of("stable", api.metricsUrl(Track.STABLE), "canary", api.metricsUrl(Track.CANARY)), api::close);
 * };
 * SandboxResource.start(SandboxOptions.defaults().withApi(reference), 0);
 * }</pre>
 */
@FunctionalInterface
public interface ApiLauncher {

  /** Starts the API; the sandbox closes the result on {@link Sandbox#close()} or a failed start. */
  StartedApi start(ApiContext context) throws Exception;
}
