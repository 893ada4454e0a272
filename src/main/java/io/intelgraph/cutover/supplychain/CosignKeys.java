package io.intelgraph.cutover.supplychain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public keys cosign signatures are verified against: PEM {@code PUBLIC KEY} files as {@code
 * cosign generate-key-pair} writes {@code cosign.pub}
 * (https://docs.sigstore.dev/cosign/key_management/signing_with_self-managed_keys/). ECDSA keys
 * verify with SHA-256 and RSA keys with PKCS#1 v1.5 over SHA-256, the hash cosign signs with by
 * default; the signature bytes are ASN.1 DER (ECDSA) as cosign writes them.
 */
public final class CosignKeys {

  /** One configured key and the file it came from (for messages). */
  public record Key(Path source, PublicKey publicKey) {
    String algorithm() {
      return publicKey instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /**
     * True if {@code signature} is this key's signature over {@code payload}; a malformed signature
     * is not one.
     */
    boolean verifies(byte[] payload, byte[] signature) {
      try {
        Signature verifier = Signature.getInstance(algorithm());
        verifier.initVerify(publicKey);
        verifier.update(payload);
        return verifier.verify(signature);
      } catch (java.security.SignatureException ignored) {
        return false; // not a DER signature for this key type: certainly not this key's signature
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(
            "cannot verify with %s (%s): %s".formatted(source, algorithm(), e.getMessage()), e);
      }
    }

    @Override
    public String toString() {
      return source + " (" + (publicKey instanceof ECPublicKey ? "ECDSA" : "RSA") + ")";
    }
  }

  /**
   * RFC 7468's textual encoding: the first PEM block of the file, its label and its base64 body.
   */
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private CosignKeys() {}

  /**
   * Reads every file; names the file and the fix when one is missing or not an ECDSA/RSA public
   * key.
   */
  public static List<Key> load(List<Path> files) {
    List<Key> keys = new ArrayList<>();
    for (Path file : files) {
      keys.add(load(file));
    }
    return List.copyOf(keys);
  }

  static Key load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SupplyChainException(
          "supply_chain.cosign_public_keys: %s is not a file; give the path of the release key's cosign.pub"
              .formatted(file.toAbsolutePath()));
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SupplyChainException(
          "supply_chain.cosign_public_keys: %s cannot be read: %s".formatted(file, e.getMessage()),
          e);
    }
    Matcher block = PEM.matcher(text);
    boolean found = block.find();
    if (!found || !"PUBLIC KEY".equals(block.group(1))) {
      throw new SupplyChainException(
          "supply_chain.cosign_public_keys: %s holds %s, not a PEM 'PUBLIC KEY'; give the public half (cosign.pub), never the private key"
              .formatted(file, found ? "a '" + block.group(1) + "' block" : "no PEM block"));
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(block.group(2));
    } catch (IllegalArgumentException e) {
      throw new SupplyChainException(
          "supply_chain.cosign_public_keys: %s has a PUBLIC KEY block that is not base64: %s"
              .formatted(file, e.getMessage()),
          e);
    }
    // SubjectPublicKeyInfo names its algorithm; the JDK's key factories each accept only their own
    for (String algorithm : List.of("EC", "RSA")) {
      try {
        return new Key(
            file,
            java.security.KeyFactory.getInstance(algorithm)
                .generatePublic(new X509EncodedKeySpec(der)));
      } catch (InvalidKeySpecException ignored) {
        // not this algorithm's key: try the next
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JDK has no %s key factory".formatted(algorithm), e);
      }
    }
    throw new SupplyChainException(
        "supply_chain.cosign_public_keys: %s is neither an ECDSA nor an RSA public key; cosign key-based signatures are ECDSA or RSA"
            .formatted(file));
  }
}
