package io.intelgraph.cutover.supplychain;

import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.config.SupplyChain;
import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads manifests and blobs over the OCI distribution API
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests): {@code
 * GET /v2/<name>/manifests/<reference>} with the manifest media types in {@code Accept}, and {@code
 * GET /v2/<name>/blobs/<digest>}. Everything read is checked against its digest.
 *
 * <p>Authentication follows the registry's challenge: a {@code 401} with {@code WWW-Authenticate:
 * Bearer realm=...,service=...,scope=...} is answered by fetching a token from the realm (with the
 * configured user's basic credentials, or anonymously) as the token authentication spec describes
 * (https://distribution.github.io/distribution/spec/auth/token/), and the request is retried once
 * with it; a {@code Basic} challenge gets the credentials directly. Tokens are kept per scope for
 * this client's life and never written anywhere.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.forConfig(env.supplyChain());
 * Optional<RegistryClient.Manifest> m = registry.manifest(ImageReference.parse("ghcr.io/intelgraph/api:1.42.0"), "1.42.0");
 * }</pre>
 */
public final class RegistryClient {

  /**
   * The manifest media types asked for: OCI image manifest and index, Docker schema 2 manifest and
   * list.
   */
  static final List<String> MANIFEST_TYPES =
      List.of(
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final JsonMapper JSON = JsonMappers.JSON;

  private final HttpClient http;
  private final Duration timeout;
  private final Set<String> insecureRegistries;
  private final Optional<String> username;
  private final Optional<Secret> password;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  public RegistryClient(
      Duration timeout,
      Set<String> insecureRegistries,
      Optional<String> username,
      Optional<Secret> password) {
    this.timeout = timeout;
    this.insecureRegistries = Set.copyOf(insecureRegistries);
    this.username = username;
    this.password = password;
    this.http = HttpClients.newClient(timeout, HttpClient.Redirect.NORMAL);
  }

  public static RegistryClient forConfig(SupplyChain config) {
    return new RegistryClient(
        config.timeout(),
        Set.copyOf(config.insecureRegistries()),
        config.registryUsername(),
        config.registryPassword());
  }

  /**
   * A manifest as the registry served it.
   *
   * @param digest {@code sha256:} of the bytes received (what a digest reference pins)
   */
  public record Manifest(String mediaType, String digest, byte[] bytes) {
    public JsonNode json() {
      return JSON.readTree(bytes);
    }
  }

  /**
   * The manifest at {@code reference} (tag or digest) in {@code image}'s repository; empty when the
   * registry answers 404.
   */
  public Optional<Manifest> manifest(ImageReference image, String reference) {
    URI uri = base(image).resolve("manifests/" + reference);
    HttpResponse<byte[]> response = send(image, uri, String.join(", ", MANIFEST_TYPES));
    if (response.statusCode() == 404) return Optional.empty();
    requireOk(
        response,
        uri,
        "manifest " + reference + " of " + image.registry() + "/" + image.repository());
    byte[] body = response.body();
    String digest = sha256(body);
    Optional<String> served = response.headers().firstValue("Docker-Content-Digest");
    if (served.isPresent() && !served.get().equals(digest)) {
      throw new SupplyChainException(
          "%s: the registry says the manifest's digest is %s but its bytes hash to %s; the registry or a proxy altered it"
              .formatted(uri, served.get(), digest));
    }
    if (reference.startsWith("sha256:") && !reference.equals(digest)) {
      throw new SupplyChainException(
          "%s: asked for manifest %s, the bytes served hash to %s"
              .formatted(uri, reference, digest));
    }
    String mediaType =
        response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
    return Optional.of(new Manifest(mediaType, digest, body));
  }

  /**
   * The artifacts that refer to {@code digest} (its signatures, attestations, SBOMs), as an OCI
   * image index: from the referrers API, {@code GET /v2/<name>/referrers/<digest>}
   * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers), or,
   * where the registry has no such API (it answers 404), from the index the client that attached
   * them keeps under the referrers tag {@code sha256-<hex>}
   * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#referrers-tag-schema).
   * Empty when neither exists: nothing refers to the digest.
   */
  public Optional<Referrers> referrers(ImageReference image, String digest) {
    URI uri = base(image).resolve("referrers/" + digest);
    HttpResponse<byte[]> response = send(image, uri, OCI_INDEX);
    if (response.statusCode() != 404) {
      requireOk(
          response,
          uri,
          "the referrers of " + digest + " in " + image.registry() + "/" + image.repository());
      return Optional.of(
          new Referrers("referrers API " + uri, JSON.readTree(response.body()).path("manifests")));
    }
    String tag = referrersTag(digest);
    return manifest(image, tag)
        .map(
            index ->
                new Referrers(
                    "referrers tag %s/%s:%s".formatted(image.registry(), image.repository(), tag),
                    index.json().path("manifests")));
  }

  /**
   * An image index of referrers and where it was read.
   *
   * @param source the referrers API's URI or the referrers tag, for messages
   * @param manifests the index's descriptors (mediaType, digest, size, artifactType, annotations)
   */
  public record Referrers(String source, JsonNode manifests) {
    /** The digests of the referrers of {@code artifactType}, in index order. */
    public List<String> ofType(String artifactType) {
      List<String> digests = new java.util.ArrayList<>();
      for (JsonNode descriptor : manifests) {
        if (artifactType.equals(descriptor.path("artifactType").asString(""))) {
          digests.add(descriptor.path("digest").asString(""));
        }
      }
      return List.copyOf(digests);
    }
  }

  /** The referrers tag schema's tag: {@code sha256:abc} becomes {@code sha256-abc}. */
  static String referrersTag(String digest) {
    return digest.replace(':', '-');
  }

  /** The blob {@code digest} of {@code image}'s repository, checked against the digest. */
  public byte[] blob(ImageReference image, String digest) {
    URI uri = base(image).resolve("blobs/" + digest);
    HttpResponse<byte[]> response = send(image, uri, "*/*");
    requireOk(
        response, uri, "blob " + digest + " of " + image.registry() + "/" + image.repository());
    String actual = sha256(response.body());
    if (!actual.equals(digest)) {
      throw new SupplyChainException(
          "%s: blob %s hashes to %s; the registry served other bytes than the manifest names"
              .formatted(uri, digest, actual));
    }
    return response.body();
  }

  /**
   * The digest {@code image} points to: its own digest if pinned, else the digest of the manifest
   * its tag names now.
   */
  public String resolveDigest(ImageReference image) {
    if (image.digest().isPresent()) return image.digest().get();
    String tag = image.tag().orElseThrow();
    return manifest(image, tag)
        .orElseThrow(
            () ->
                new SupplyChainException(
                    "%s: the registry has no manifest for tag %s (404); is the image pushed and the reference in the pod template right?"
                        .formatted(image, tag)))
        .digest();
  }

  private URI base(ImageReference image) {
    String scheme = insecureRegistries.contains(image.registry()) ? "http" : "https";
    return URI.create("%s://%s/v2/%s/".formatted(scheme, image.apiHost(), image.repository()));
  }

  private HttpResponse<byte[]> send(ImageReference image, URI uri, String accept) {
    String scope = "repository:" + image.repository() + ":pull";
    String key = image.apiHost() + " " + scope;
    HttpResponse<byte[]> response = get(uri, accept, authorizations.get(key));
    if (response.statusCode() == 401) {
      String challenge =
          response
              .headers()
              .firstValue("WWW-Authenticate")
              .orElseThrow(
                  () ->
                      new SupplyChainException(
                          "%s: 401 without a WWW-Authenticate challenge; the registry does not say how to authenticate"
                              .formatted(uri)));
      String authorization = answer(uri, challenge, scope);
      authorizations.put(key, authorization);
      response = get(uri, accept, authorization);
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw new SupplyChainException(
            "%s: %d after authenticating as %s; give supply_chain.registry_username/registry_password a pull right on %s"
                .formatted(
                    uri, response.statusCode(), username.orElse("anonymous"), image.repository()));
      }
    }
    return response;
  }

  private String answer(URI uri, String challenge, String defaultScope) {
    String lower = challenge.strip().toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("basic")) {
      return basic()
          .orElseThrow(
              () ->
                  new SupplyChainException(
                      "%s asks for basic authentication; set supply_chain.registry_username and registry_password"
                          .formatted(uri)));
    }
    if (!lower.startsWith("bearer")) {
      throw new SupplyChainException(
          "%s: unsupported authentication challenge '%s'; the distribution API uses Bearer or Basic"
              .formatted(uri, challenge));
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher matcher = CHALLENGE_PARAM.matcher(challenge);
    while (matcher.find())
      params.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
    String realm = params.get("realm");
    if (realm == null) {
      throw new SupplyChainException(
          "%s: Bearer challenge without a realm: '%s'".formatted(uri, challenge));
    }
    StringBuilder query = new StringBuilder();
    if (params.containsKey("service"))
      query.append("service=").append(encode(params.get("service")));
    query
        .append(query.isEmpty() ? "" : "&")
        .append("scope=")
        .append(encode(params.getOrDefault("scope", defaultScope)));
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpResponse<byte[]> response = get(tokenUri, "application/json", basic().orElse(null));
    requireOk(response, tokenUri, "a registry token (as " + username.orElse("anonymous") + ")");
    JsonNode body = JSON.readTree(response.body());
    String token = body.path("token").asString("");
    if (token.isEmpty()) token = body.path("access_token").asString("");
    if (token.isEmpty()) {
      throw new SupplyChainException(
          "%s: the token service answered without `token` or `access_token`".formatted(tokenUri));
    }
    return "Bearer " + token;
  }

  private Optional<String> basic() {
    return username.map(
        user ->
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + password.map(Secret::reveal).orElse(""))
                            .getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<byte[]> get(URI uri, String accept, String authorization) {
    HttpRequest.Builder request = HttpClients.request(uri, timeout).header("Accept", accept).GET();
    if (authorization != null) request.header("Authorization", authorization);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SupplyChainException(
          "GET %s failed: %s; check the registry is reachable from here (and supply_chain.insecure_registries for plain HTTP)"
              .formatted(uri, e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupplyChainException("interrupted while reading " + uri, e);
    }
  }

  private static void requireOk(HttpResponse<byte[]> response, URI uri, String what) {
    if (response.statusCode() != 200) {
      String body = new String(response.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
      throw new SupplyChainException(
          "GET %s for %s answered %d: %s"
              .formatted(uri, what, response.statusCode(), Excerpts.of(body, 300)));
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
