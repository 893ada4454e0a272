package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a Helm release's records from the cluster, where Helm 3's default storage driver keeps them
 * (helm/helm {@code pkg/storage/driver/secrets.go} and {@code util.go}): one Secret per revision,
 * named {@code sh.helm.release.v1.<release>.v<revision>}, of type {@value #RECORD_TYPE}, labelled
 * {@code owner=helm}, {@code name=<release>}, {@code version=<revision>}, {@code status=<status>};
 * its {@code data.release} is the release as JSON, gzip-compressed ({@code encodeRelease}), then
 * base64-encoded by Helm, then base64-encoded again by the Secret's own {@code data} encoding.
 * Records written before Helm compressed them hold the JSON uncompressed ({@code decodeRelease}
 * checks the gzip magic, so does this). The JSON's {@code info.status}, {@code version} and {@code
 * config} (the user-supplied values) are what the lock line judges.
 *
 * <pre>{@code
 * Optional<HelmRelease> newest = new HelmReleases(kubernetes, "intelgraph-maestro").latest("intelgraph-maestro");
 * }</pre>
 *
 * <p>Reading them needs {@code list} on {@code secrets} in the namespace (a label selector cannot
 * be narrowed by name): the opt-in {@code ci/k8s/cutover-lock-rbac.yaml}.
 */
public final class HelmReleases {

  /** The Secret type Helm's storage driver writes. */
  public static final String RECORD_TYPE = "helm.sh/release.v1";

  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b, 0x08};

  private final KubernetesClient kubernetes;
  private final String namespace;

  public HelmReleases(KubernetesClient kubernetes, String namespace) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** What {@link #latest} sends: a list of the namespace's Secrets by label. */
  public List<AccessRequest> requests() {
    return requests(namespace);
  }

  /** What reading release records in {@code namespace} sends, e.g. for an access review first. */
  public static List<AccessRequest> requests(String namespace) {
    return List.of(AccessRequest.on("list", "", "secrets", namespace, ""));
  }

  /**
   * The record of the release's highest revision, decoded; empty when the release has none.
   *
   * @throws ClusterException when the newest record cannot be decoded, naming it
   */
  public Optional<HelmRelease> latest(String release) {
    return kubernetes
        .secrets()
        .inNamespace(namespace)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems()
        .stream()
        .filter(secret -> RECORD_TYPE.equals(secret.getType()))
        .max(Comparator.comparingInt(HelmReleases::revision))
        .map(HelmReleases::decode);
  }

  /** The record in {@code secret}, decoded as Helm's {@code decodeRelease} does. */
  public static HelmRelease decode(Secret secret) {
    String where = "Secret %s/%s".formatted(secret.getMetadata().getNamespace(), name(secret));
    String data = secret.getData() == null ? null : secret.getData().get("release");
    if (data == null) {
      throw new ClusterException(
          where
              + " has no data.release; it is not a Helm release record (type "
              + RECORD_TYPE
              + ")");
    }
    try {
      // the Secret's own encoding, then Helm's
      byte[] helmEncoded = Base64.getMimeDecoder().decode(data);
      byte[] payload = Base64.getMimeDecoder().decode(helmEncoded);
      byte[] json = isGzip(payload) ? gunzip(payload) : payload;
      Map<String, Object> release =
          JsonMappers.JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
      Object info = release.get("info");
      Object status = info instanceof Map<?, ?> map ? map.get("status") : null;
      Object version = release.get("version");
      Object config = release.get("config");
      if (status == null || !(version instanceof Number number)) {
        throw new ClusterException(
            "%s holds a release without info.status or version (keys %s); not a Helm 3 record"
                .formatted(where, release.keySet()));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> values =
          config instanceof Map<?, ?> ? (Map<String, Object>) config : null;
      return new HelmRelease(
          String.valueOf(release.getOrDefault("name", "")),
          number.intValue(),
          String.valueOf(status),
          values,
          "Secret " + name(secret));
    } catch (IllegalArgumentException | IOException | JacksonException e) {
      throw new ClusterException(
          "%s: data.release is not base64(gzip(JSON)) as Helm writes it: %s"
              .formatted(where, e.getMessage()),
          e);
    }
  }

  /** The revision from the {@code version} label, else the name's {@code .v<N>} suffix. */
  private static int revision(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    String label = labels == null ? null : labels.get("version");
    String raw = label != null ? label : name(secret).replaceFirst(".*\\.v(?=\\d+$)", "");
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException ignored) {
      // a record without a readable revision cannot be the newest one
      return -1;
    }
  }

  private static String name(Secret secret) {
    return secret.getMetadata().getName();
  }

  private static boolean isGzip(byte[] bytes) {
    return bytes.length >= 3
        && bytes[0] == GZIP_MAGIC[0]
        && bytes[1] == GZIP_MAGIC[1]
        && bytes[2] == GZIP_MAGIC[2];
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
