package io.intelgraph.cutover.supplychain;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The public keys cosign signatures are verified against: PEM {@code PUBLIC KEY} files as
 * {@code cosign generate-key-pair} writes {@code cosign.pub} (https://docs.sigstore.dev/cosign/key_management/signing_with_self-managed_keys/).
 * ECDSA keys verify with SHA-256 and RSA keys with PKCS#1 v1.5 over SHA-256, the hash cosign signs
 * with by default; the signature bytes are ASN.1 DER (ECDSA) as cosign writes them.
 */
public final class CosignKeys {

  /** One configured key and the file it came from (for messages). */
  public record Key(Path source, PublicKey publicKey) {
    String algorithm() {
      return publicKey instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** True if {@code signature} is this key's signature over {@code payload}; a malformed signature is not one. */
    boolean verifies(byte[] payload, byte[] signature) {
      try {
        Signature verifier = Signature.getInstance(algorithm());
        verifier.initVerify(publicKey);
        verifier.update(payload);
        return verifier.verify(signature);
      } catch (java.security.SignatureException ignored) {
        return false; // not a DER signature for this key type: certainly not this key's signature
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("cannot verify with %s (%s): %s".formatted(source, algorithm(), e.getMessage()), e);
      }
    }

    @Override
    public String toString() {
      return source + " (" + (publicKey instanceof ECPublicKey ? "ECDSA" : "RSA") + ")";
    }
  }

  private CosignKeys() {}

  /** Reads every file; names the file and the fix when one is missing or not an ECDSA/RSA public key. */
  public static List<Key> load(List<Path> files) {
    List<Key> keys = new ArrayList<>();
    for (Path file : files) {
      keys.add(load(file));
    }
    return List.copyOf(keys);
  }

  static Key load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SupplyChainException("supply_chain.cosign_public_keys: %s is not a file; give the path of the release key's cosign.pub"
          .formatted(file.toAbsolutePath()));
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); PEMParser pem = new PEMParser(reader)) {
      Object object = pem.readObject();
      if (!(object instanceof SubjectPublicKeyInfo info)) {
        throw new SupplyChainException("supply_chain.cosign_public_keys: %s holds %s, not a PEM 'PUBLIC KEY'; give the public half (cosign.pub), never the private key"
            .formatted(file, object == null ? "no PEM block" : object.getClass().getSimpleName()));
      }
      PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
      if (!(key instanceof ECPublicKey) && !(key instanceof RSAPublicKey)) {
        throw new SupplyChainException("supply_chain.cosign_public_keys: %s is a %s key; cosign key-based signatures are ECDSA or RSA"
            .formatted(file, key.getAlgorithm()));
      }
      return new Key(file, key);
    } catch (IOException e) {
      throw new SupplyChainException("supply_chain.cosign_public_keys: %s cannot be read as PEM: %s".formatted(file, e.getMessage()), e);
    }
  }
}
