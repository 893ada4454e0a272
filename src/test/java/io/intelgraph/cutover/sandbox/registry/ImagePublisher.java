package io.intelgraph.cutover.sandbox.registry;

import io.intelgraph.cutover.support.JsonMappers;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pushes small images and cosign signatures to a registry over the OCI distribution API, no Docker
 * needed (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs):
 * blobs by a monolithic {@code POST /v2/<name>/blobs/uploads/} then {@code PUT <location>?digest=},
 * manifests by {@code PUT /v2/<name>/manifests/<tag>}. A signature is what {@code cosign sign
 * --key} writes (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md): a
 * simple-signing payload blob, its ECDSA P-256/SHA-256 DER signature in base64 as the layer
 * annotation, in a manifest tagged {@code sha256-<hex>.sig}; or, as cosign v3 signs by default, a
 * Sigstore bundle attached as a referrer of the image
 * (https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md), see {@link #signBundle}.
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
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The OCI empty descriptor's content, the config of an artifact that needs none. */
  static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

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
    return pushManifest(repository, tag, manifest.getBytes(StandardCharsets.UTF_8), OCI_MANIFEST);
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
    String signature = Base64.getEncoder().encodeToString(signature(key, payload));
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
        manifest.getBytes(StandardCharsets.UTF_8),
        OCI_MANIFEST);
  }

  /**
   * Signs {@code imageDigest} as cosign v3 does by default ({@code cosign sign --key}, bundle
   * format, https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md): a Sigstore bundle
   * whose statement names {@code subjectDigest} (the image's own for an honest signature), attached
   * as a referrer of the image, listed in the referrers tag {@code sha256-<hex>} as a registry
   * without the referrers API (docker-registry 2.8) needs.
   */
  public void signBundle(String repository, String imageDigest, String subjectDigest, KeyPair key) {
    attachBundle(repository, imageDigest, dsseBundle(subjectDigest, key));
  }

  /** Attaches {@code bundle} to {@code imageDigest} as cosign's {@code WriteReferrer} does. */
  public void attachBundle(String repository, String imageDigest, byte[] bundle) {
    String bundleDigest = pushBlob(repository, bundle);
    pushBlob(repository, EMPTY_CONFIG);
    int subjectSize = get(repository, imageDigest, OCI_MANIFEST).orElseThrow().length;
    byte[] manifest =
        bundleManifest(bundleDigest, bundle.length, imageDigest, subjectSize)
            .getBytes(StandardCharsets.UTF_8);
    String manifestDigest = pushManifest(repository, sha256(manifest), manifest, OCI_MANIFEST);
    // the referrers tag schema: the client keeps the index itself, adding to what is there
    String tag = imageDigest.replace(':', '-');
    String descriptor = referrerDescriptor(manifestDigest, manifest.length);
    String index =
        get(repository, tag, OCI_INDEX)
            .map(
                existing -> {
                  ObjectNode updated = (ObjectNode) JsonMappers.JSON.readTree(existing);
                  ((ArrayNode) updated.get("manifests")).add(JsonMappers.JSON.readTree(descriptor));
                  return JsonMappers.JSON.writeValueAsString(updated);
                })
            .orElse(referrersIndex(descriptor));
    pushManifest(repository, tag, index.getBytes(StandardCharsets.UTF_8), OCI_INDEX);
  }

  /**
   * The bundle {@code cosign sign --key} writes for an image: an in-toto v1 statement of predicate
   * type {@code https://sigstore.dev/cosign/sign/v1} about {@code subjectDigest}, as protojson
   * marshals it, in a DSSE envelope signed over DSSE's pre-authentication encoding; the
   * verification material is the key's hint (base64 SHA-256 of its DER), no transparency-log entry
   * (as with {@code --tlog-upload=false}).
   */
  public static byte[] dsseBundle(String subjectDigest, KeyPair key) {
    String[] parts = subjectDigest.split(":", 2);
    byte[] statement =
        """
        {"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"%s":"%s"}}],        "predicateType":"https://sigstore.dev/cosign/sign/v1","predicate":{}}"""
            .formatted(parts[0], parts[1])
            .getBytes(StandardCharsets.UTF_8);
    String payloadType = "application/vnd.in-toto+json";
    // DSSE's PAE written out here, not borrowed from the verifier, so the verifier is tested
    // against
    // an encoding made independently of it
    byte[] head =
        "DSSEv1 %d %s %d "
            .formatted(payloadType.length(), payloadType, statement.length)
            .getBytes(StandardCharsets.UTF_8);
    byte[] pae = new byte[head.length + statement.length];
    System.arraycopy(head, 0, pae, 0, head.length);
    System.arraycopy(statement, 0, pae, head.length, statement.length);
    return """
        {"mediaType":"%s","verificationMaterial":{"publicKey":{"hint":"%s"}},        "dsseEnvelope":{"payload":"%s","payloadType":"%s","signatures":[{"sig":"%s","keyid":""}]}}"""
        .formatted(
            BUNDLE,
            hint(key),
            Base64.getEncoder().encodeToString(statement),
            payloadType,
            Base64.getEncoder().encodeToString(signature(key, pae)))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A bundle of the other content form: a message signature over {@code artifact} (for an image,
   * its manifest's bytes) with the artifact's SHA-256 as {@code messageDigest}.
   */
  public static byte[] messageBundle(byte[] artifact, KeyPair key) {
    byte[] digest = HexFormat.of().parseHex(sha256(artifact).substring("sha256:".length()));
    return """
        {"mediaType":"%s","verificationMaterial":{"publicKey":{"hint":"%s"}},        "messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"%s"},"signature":"%s"}}"""
        .formatted(
            BUNDLE,
            hint(key),
            Base64.getEncoder().encodeToString(digest),
            Base64.getEncoder().encodeToString(signature(key, artifact)))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The referrer manifest of a bundle blob, its subject the image (BUNDLE_SPEC "Publishing"). */
  public static String bundleManifest(
      String bundleDigest, int bundleSize, String subjectDigest, int subjectSize) {
    return """
        {"schemaVersion":2,"mediaType":"%s","artifactType":"%s",        "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},        "layers":[{"mediaType":"%s","digest":"%s","size":%d}],        "subject":{"mediaType":"%s","digest":"%s","size":%d},        "annotations":{"dev.sigstore.bundle.content":"dsse-envelope",        "dev.sigstore.bundle.predicateType":"https://sigstore.dev/cosign/sign/v1"}}"""
        .formatted(
            OCI_MANIFEST,
            BUNDLE,
            sha256(EMPTY_CONFIG),
            BUNDLE,
            bundleDigest,
            bundleSize,
            OCI_MANIFEST,
            subjectDigest,
            subjectSize);
  }

  /** A referrers index entry for a bundle's referrer manifest. */
  public static String referrerDescriptor(String manifestDigest, int size) {
    return """
        {"mediaType":"%s","digest":"%s","size":%d,"artifactType":"%s",        "annotations":{"dev.sigstore.bundle.content":"dsse-envelope"}}"""
        .formatted(OCI_MANIFEST, manifestDigest, size, BUNDLE);
  }

  /** An OCI image index of referrers, as the referrers API or the referrers tag holds it. */
  public static String referrersIndex(String... descriptors) {
    return "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[%s]}"
        .formatted(OCI_INDEX, String.join(",", descriptors));
  }

  private static String hint(KeyPair key) {
    byte[] der = key.getPublic().getEncoded();
    return Base64.getEncoder()
        .encodeToString(HexFormat.of().parseHex(sha256(der).substring("sha256:".length())));
  }

  private static byte[] signature(KeyPair key, byte[] signed) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key.getPrivate());
      signer.update(signed);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the sandbox's P-256 key", e);
    }
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

  /** The manifest at {@code reference}, empty when the registry has none (404). */
  private java.util.Optional<byte[]> get(String repository, String reference, String mediaType) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(
                      registry.resolve("/v2/" + repository + "/manifests/" + reference))
                  .header("Accept", mediaType)
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) return java.util.Optional.empty();
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "sandbox registry %s: get manifest %s:%s answered %d"
                .formatted(registry, repository, reference, response.statusCode()));
      }
      return java.util.Optional.of(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "sandbox registry %s: get manifest %s:%s failed: %s"
              .formatted(registry, repository, reference, e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: get manifest " + reference, e);
    }
  }

  private String pushManifest(String repository, String tag, byte[] manifest, String mediaType) {
    send(
        HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
            .header("Content-Type", mediaType)
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
