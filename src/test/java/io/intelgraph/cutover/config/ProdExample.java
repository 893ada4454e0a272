package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.util.Map;

/** The documented production example, loaded as CI would with its secret variables exported. */
public final class ProdExample {

  /** The example's live secret references, each given a dummy value. */
  public static final Map<String, String> SECRETS = Map.of(
      "ROLLBACK_WEBHOOK_TOKEN", "t0ken",
      "EVIDENCE_SIGNING_KEY", "{\"kty\":\"EC\"}");

  private ProdExample() {}

  public static Environment load(Map<String, String> extraProperties) {
    Map<String, String> properties = new java.util.HashMap<>(extraProperties);
    properties.put("cutover.env", "prod.example");
    return new EnvironmentLoader(properties, SECRETS, Path.of("target/no-such-dir")).load();
  }
}
