package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The built-in environments as the suite's own tests load them, without a running sandbox or CI
 * secrets.
 */
public final class TestEnvironments {

  /** What the sandbox fills in once it runs, as fixed loopback addresses. */
  public static final Map<String, String> SANDBOX_ENDPOINTS =
      Map.of(
          "endpoints.api", "http://127.0.0.1:1001",
          "endpoints.prometheus", "http://127.0.0.1:1002",
          "endpoints.oidc_issuer", "http://127.0.0.1:1003/default",
          "endpoints.opa", "http://127.0.0.1:1004",
          "endpoints.cost", "http://127.0.0.1:1005");

  /**
   * The production example's live secret references, each given a dummy value as CI would export
   * it.
   */
  public static final Map<String, String> PROD_SECRETS =
      Map.of(
          "ROLLBACK_WEBHOOK_TOKEN", "t0ken",
          "EVIDENCE_SIGNING_KEY", "{\"kty\":\"EC\"}");

  private TestEnvironments() {}

  /**
   * A loader for the sandbox with these system properties and variables, its endpoints filled in.
   */
  public static EnvironmentLoader sandbox(
      Map<String, String> properties, Map<String, String> variables) {
    return new EnvironmentLoader(properties, variables, Path.of("target/no-such-dir"))
        .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS);
  }

  /** The documented production example, loaded with its secret variables exported. */
  public static Environment prodExample(Map<String, String> extraProperties) {
    Map<String, String> properties = new java.util.HashMap<>(extraProperties);
    properties.put("cutover.env", "prod.example");
    return new EnvironmentLoader(properties, PROD_SECRETS, Path.of("target/no-such-dir")).load();
  }
}
