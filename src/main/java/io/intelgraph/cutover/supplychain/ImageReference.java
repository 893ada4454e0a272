package io.intelgraph.cutover.supplychain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference as Kubernetes pod specs and Docker write it, parsed by the rules of
 * the distribution reference grammar
 * (https://github.com/distribution/reference/blob/main/reference.go): the first path component is a
 * registry if it contains a {@code .} or {@code :} or is {@code localhost}; otherwise the image is
 * on Docker Hub ({@code docker.io}, with {@code library/} for single-component names).
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("ghcr.io/intelgraph/api:1.42.0");
 * ref.registry();   // ghcr.io
 * ref.repository(); // intelgraph/api
 * }</pre>
 *
 * @param registry the registry host (and port) serving the distribution API
 * @param repository the repository name within the registry
 * @param tag the tag, if the reference carries one
 * @param digest the manifest digest ({@code sha256:<hex>}), if the reference is pinned
 */
public record ImageReference(
    String registry, String repository, Optional<String> tag, Optional<String> digest) {

  static final String DOCKER_HUB = "docker.io";

  /** Where Docker Hub's distribution API answers. */
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  public ImageReference {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "image repository '%s' is not a valid name (lower-case path components)"
              .formatted(repository));
    }
    tag.ifPresent(
        t -> {
          if (!TAG.matcher(t).matches())
            throw new IllegalArgumentException("image tag '%s' is not a valid tag".formatted(t));
        });
    digest.ifPresent(
        d -> {
          if (!DIGEST.matcher(d).matches())
            throw new IllegalArgumentException(
                "image digest '%s' is not sha256:<64 hex digits>".formatted(d));
        });
  }

  /**
   * Parses {@code [registry/]repository[:tag][@sha256:hex]}; names the bad reference on failure.
   */
  public static ImageReference parse(String reference) {
    String rest = reference.strip();
    try {
      Optional<String> digest = Optional.empty();
      int at = rest.indexOf('@');
      if (at >= 0) {
        digest = Optional.of(rest.substring(at + 1));
        rest = rest.substring(0, at);
      }
      Optional<String> tag = Optional.empty();
      int colon = rest.lastIndexOf(':');
      if (colon > rest.lastIndexOf('/')) {
        tag = Optional.of(rest.substring(colon + 1));
        rest = rest.substring(0, colon);
      }
      String registry = DOCKER_HUB;
      int slash = rest.indexOf('/');
      if (slash > 0) {
        String first = rest.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
          registry = first;
          rest = rest.substring(slash + 1);
        }
      }
      if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
        rest = "library/" + rest;
      }
      if (tag.isEmpty() && digest.isEmpty()) {
        tag = Optional.of("latest");
      }
      return new ImageReference(registry, rest, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "image reference '%s' cannot be parsed: %s".formatted(reference, e.getMessage()), e);
    }
  }

  /** The host the distribution API answers on (Docker Hub's API host for {@code docker.io}). */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  /** This image pinned to {@code digest} (the tag kept for the reader). */
  public ImageReference withDigest(String manifestDigest) {
    return new ImageReference(registry, repository, tag, Optional.of(manifestDigest));
  }

  /** The reference a human would type: {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + tag.map(t -> ":" + t).orElse("")
        + digest.map(d -> "@" + d).orElse("");
  }
}
