package io.intelgraph.cutover.supplychain;

import java.util.Optional;

/**
 * What verifying one image's cosign signature found.
 *
 * @param where who runs the image, e.g. {@code deployment/intelgraph-api container api}
 * @param image the image as the pod template names it
 * @param digest the manifest digest verified (resolved through the registry when the template uses
 *     a tag)
 * @param verifiedBy the form of the signature a configured key verified over a payload for exactly
 *     this digest; empty when none did
 * @param detail the key and signature that verified it, or why none did
 */
public record SignatureCheck(
    String where, String image, String digest, Optional<Form> verifiedBy, String detail) {

  /** The two ways cosign attaches a signature to an image. */
  public enum Form {
    /** cosign v3's default: a Sigstore bundle attached as an OCI referrer of the digest. */
    SIGSTORE_BUNDLE("Sigstore bundle"),
    /** cosign before v3: a simple-signing payload under the {@code sha256-<hex>.sig} tag. */
    LEGACY_SIG("legacy .sig");

    private final String label;

    Form(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  public boolean verified() {
    return verifiedBy.isPresent();
  }

  @Override
  public String toString() {
    // a pinned image already names its digest; a tag is shown with the digest it resolved to
    String shown = image.endsWith("@" + digest) ? image : image + " -> " + digest;
    return "%s %s: %s: %s".formatted(verified() ? "VERIFIED" : "FAILED", where, shown, detail);
  }
}
