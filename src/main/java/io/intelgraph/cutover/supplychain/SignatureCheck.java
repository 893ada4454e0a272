package io.intelgraph.cutover.supplychain;

/**
 * What verifying one image's cosign signature found.
 *
 * @param where who runs the image, e.g. {@code deployment/intelgraph-api container api}
 * @param image the image as the pod template names it
 * @param digest the manifest digest verified (resolved through the registry when the template uses
 *     a tag)
 * @param verified true only if a signature by a configured key over a payload for exactly this
 *     digest was found
 * @param detail the key that verified it, or why none did
 */
public record SignatureCheck(
    String where, String image, String digest, boolean verified, String detail) {
  @Override
  public String toString() {
    // a pinned image already names its digest; a tag is shown with the digest it resolved to
    String shown = image.endsWith("@" + digest) ? image : image + " -> " + digest;
    return "%s %s: %s: %s".formatted(verified ? "VERIFIED" : "FAILED", where, shown, detail);
  }
}
