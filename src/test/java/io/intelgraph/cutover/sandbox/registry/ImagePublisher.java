package io.intelgraph.cutover.sandbox.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Pushes small images and cosign signatures to a registry over the OCI distribution API, no Docker
 * needed (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs):
 * blobs by a monolithic {@code POST /v2/<name>/blobs/uploads/} then {@code PUT <location>?digest=},
 * manifests by {@code PUT /v2/<name>/manifests/<tag>}. A signature is what {@code cosign sign
 * --key} writes (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md): a
 * simple-signing payload blob, its ECDSA P-256/SHA-256 DER signature in base64 as the layer
 * annotation, in a manifest tagged {@code sha256-<hex>.sig}.
 *
 * <pre>{@code
 * ImagePublisher publisher = new ImagePublisher(registry.baseUrl());
 * String digest = publisher.pushImage("intelgraph/api", "1.42.0", "api 1.42.0");
 * publisher.sign("intelgraph/api", digest, digest, ImagePublisher.newSigningKey());
 * }</pre>
 */
public final class ImagePublisher {

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  private final URI registry;
  private final String host;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ImagePublisher(URI registry) {
    this.registry = registry;
    this.host = registry.getAuthority();
  }

  /** A fresh ECDSA P-256 key pair, as {@code cosign generate-key-pair} makes. */
  public static KeyPair newSigningKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate a P-256 key", e);
    }
  }

  /** The public half as the PEM {@code PUBLIC KEY} cosign writes to {@code cosign.pub}. */
  public static String publicKeyPem(KeyPair key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * Pushes an image of one layer holding {@code content} under {@code repository:tag}; returns its
   * manifest digest.
   */
  public String pushImage(String repository, String tag, String content) {
    byte[] layer = content.getBytes(StandardCharsets.UTF_8);
    String layerDigest = pushBlob(repository, layer);
    byte[] config =
        """
        {"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}"""
            .formatted(layerDigest)
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(repository, config);
    String manifest =
        """
        {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},\
        "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
            .formatted(
                OCI_MANIFEST,
                OCI_CONFIG,
                configDigest,
                config.length,
                OCI_LAYER,
                layerDigest,
                layer.length);
    return pushManifest(repository, tag, manifest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs {@code imageDigest} as cosign does, with a payload that names {@code payloadDigest} (the
   * same digest for an honest signature; another one rehearses a payload moved to the wrong image).
   */
  public void sign(String repository, String imageDigest, String payloadDigest, KeyPair key) {
    byte[] payload =
        """
        {"critical":{"identity":{"docker-reference":"%s/%s"},"image":{"docker-manifest-digest":"%s"},"type":"cosign container image signature"},"optional":null}"""
            .formatted(host, repository, payloadDigest)
            .getBytes(StandardCharsets.UTF_8);
    String signature;
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key.getPrivate());
      signer.update(payload);
      signature = Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the sandbox's P-256 key", e);
    }
    String payloadBlob = pushBlob(repository, payload);
    byte[] config =
        """
        {"architecture":"","config":{},"created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["%s"]}}"""
            .formatted(payloadBlob)
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(repository, config);
    String manifest =
        """
        {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","size":%d,"digest":"%s"},\
        "layers":[{"mediaType":"%s","size":%d,"digest":"%s","annotations":{"%s":"%s"}}]}"""
            .formatted(
                OCI_MANIFEST,
                OCI_CONFIG,
                config.length,
                configDigest,
                SIMPLE_SIGNING,
                payload.length,
                payloadBlob,
                SIGNATURE_ANNOTATION,
                signature);
    pushManifest(
        repository,
        imageDigest.replace(':', '-') + ".sig",
        manifest.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code host/repository@digest}: how a pod template pins the image. */
  public String reference(String repository, String digest) {
    return host + "/" + repository + "@" + digest;
  }

  private String pushBlob(String repository, byte[] bytes) {
    String digest = sha256(bytes);
    HttpResponse<String> started =
        send(
            HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            202,
            "start a blob upload to " + repository);
    URI location =
        registry.resolve(
            started
                .headers()
                .firstValue("Location")
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "the registry's 202 to the blob upload of %s has no Location"
                                .formatted(repository))));
    String separator = location.getQuery() == null ? "?" : "&";
    send(
        HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        201,
        "upload blob " + digest + " to " + repository);
    return digest;
  }

  private String pushManifest(String repository, String tag, byte[] manifest) {
    send(
        HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
            .header("Content-Type", OCI_MANIFEST)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
        201,
        "put manifest " + repository + ":" + tag);
    return sha256(manifest);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected, String what) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            "sandbox registry %s: %s answered %d (expected %d): %s"
                .formatted(registry, what, response.statusCode(), expected, response.body()));
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(
          "sandbox registry %s: %s failed: %s".formatted(registry, what, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
