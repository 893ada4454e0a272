package io.intelgraph.cutover.runbook.preflight;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.golden.OidcDiscovery;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "JWKS endpoint responding: Key rotation ready": the JWKS the API validates tokens with
 * answers a key set within {@code preflight.timeout}, with at least one key and none published with
 * its private part. The JWKS is the one named by the {@code oidc-config} ConfigMap ({@code
 * jwks_uri}) in the cutover namespace, else by the provider's discovery document.
 *
 * <pre>{@code
 * assertThat(JwksResponding.fromProvider().run(context)).passed();
 * }</pre>
 */
public final class JwksResponding implements RunbookLine {

  /** The ConfigMap (and key) that names the JWKS the API is configured with. */
  static final String CONFIG_MAP = "oidc-config";

  static final String KEY = "jwks_uri";

  /** Loads a key set from a URL within a timeout. */
  @FunctionalInterface
  interface KeySetLoader {
    JWKSet load(URI jwks, Duration timeout);
  }

  private final Function<Environment, URI> discovery;
  private final KeySetLoader loader;

  JwksResponding(Function<Environment, URI> discovery, KeySetLoader loader) {
    this.discovery = discovery;
    this.loader = loader;
  }

  /** The line as a run reads it: the provider's discovery document and its JWKS over HTTP. */
  public static JwksResponding fromProvider() {
    return new JwksResponding(
        env ->
            OidcDiscovery.fetch(env.endpoints().oidcIssuer(), env.preflight().timeout()).jwksUri(),
        JwksResponding::loadOverHttp);
  }

  private static JWKSet loadOverHttp(URI jwks, Duration timeout) {
    int millis = (int) timeout.toMillis();
    try {
      return JWKSet.load(jwks.toURL(), millis, millis, 512 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "JWKS %s did not answer a key set within %d ms: %s".formatted(jwks, millis, e), e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "JWKS %s answered something that is no JWK set: %s".formatted(jwks, e.getMessage()), e);
    }
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    Optional<URI> jwks =
        Reading.of(
            report,
            "the JWKS URL (ConfigMap %s/%s key %s, else the discovery document of %s)"
                .formatted(
                    env.cluster().namespace(), CONFIG_MAP, KEY, env.endpoints().oidcIssuer()),
            () -> configured(context).orElseGet(() -> discovery.apply(env)));
    if (jwks.isEmpty()) return report.judged();
    Duration timeout = env.preflight().timeout();
    Optional<JWKSet> keys =
        Reading.of(report, "the JWKS " + jwks.get(), () -> loader.load(jwks.get(), timeout));
    keys.ifPresent(
        set -> {
          List<JWK> all = set.getKeys();
          report.evidence(
              "JWKS " + jwks.get(),
              "key ids %s".formatted(all.stream().map(JWK::getKeyID).toList()));
          report.problemIf(
              all.isEmpty(),
              "JWKS %s publishes no key: no token can be validated, nor a rotated key picked up;"
                  + " check the provider's signing keys",
              jwks.get());
          all.stream()
              .filter(JWK::isPrivate)
              .forEach(
                  key ->
                      report.problem(
                          "key %s at %s is published WITH its private part: anyone can sign"
                              + " tokens; rotate it and publish only the public key",
                          key.getKeyID(), jwks.get()));
        });
    return report.judged();
  }

  /** The JWKS URL the cutover namespace's {@code oidc-config} ConfigMap names, if it names one. */
  private static Optional<URI> configured(LineContext context) {
    ConfigMap config =
        context
            .kubernetes()
            .configMaps()
            .inNamespace(context.environment().cluster().namespace())
            .withName(CONFIG_MAP)
            .get();
    return Optional.ofNullable(config)
        .map(ConfigMap::getData)
        .map(data -> data.get(KEY))
        .filter(uri -> !uri.isBlank())
        .map(URI::create);
  }
}
