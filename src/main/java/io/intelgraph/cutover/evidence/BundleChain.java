package io.intelgraph.cutover.evidence;

import com.nimbusds.jose.jwk.JWK;
import io.intelgraph.cutover.evidence.EvidenceVerifier.Kind;
import io.intelgraph.cutover.evidence.EvidenceVerifier.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The link from a day-3 closeout bundle to the T+120 bundle it continues. The closeout's signed
 * manifest names the T+120 bundle by the digest of its signed manifest ({@link Manifest.Chain}), so
 * the link holds only for that exact T+120 evidence: the T+120 bundle must verify on its own
 * (signature, every file), its manifest digest must be the one in the chain, and the key it
 * verified with must be the key its manifest names.
 *
 * <pre>{@code
 * BundleChain.Result result = BundleChain.verify(closeoutZip, closeoutKey, Optional.empty(), Optional.empty());
 * result.problems().forEach(System.out::println);   // T+120 bundle looked for beside closeoutZip
 * }</pre>
 */
public final class BundleChain {

  /** The T+120 bundle a chain was followed to, what verifying it found, and the link's problems. */
  public record Link(
      Manifest.Chain chain,
      Path bundle,
      Path publicKey,
      Optional<EvidenceVerifier.Result> verified,
      List<Problem> problems) {
    public Link {
      problems = List.copyOf(problems);
    }

    /** The T+120 bundle verifies and is the one the chain names. */
    public boolean holds() {
      return problems.isEmpty() && verified.map(EvidenceVerifier.Result::valid).orElse(false);
    }

    /** The T+120 bundle's own problems (each path prefixed {@code <bundle>!}), then the link's. */
    public List<Problem> allProblems() {
      List<Problem> all = new ArrayList<>();
      verified.ifPresent(
          v ->
              v.problems()
                  .forEach(
                      p ->
                          all.add(
                              new Problem(
                                  p.kind(), bundle.getFileName() + "!" + p.path(), p.detail()))));
      all.addAll(problems);
      return List.copyOf(all);
    }
  }

  /** A bundle's verdict and, when its manifest is chained, the verdict on the link. */
  public record Result(Path bundle, EvidenceVerifier.Result verified, Optional<Link> link) {

    public boolean valid() {
      return verified.valid() && link.map(Link::holds).orElse(true);
    }

    /** Every problem: the bundle's own, then the chain's ({@link Link#allProblems()}). */
    public List<Problem> problems() {
      List<Problem> all = new ArrayList<>(verified.problems());
      link.ifPresent(l -> all.addAll(l.allProblems()));
      return List.copyOf(all);
    }
  }

  private BundleChain() {}

  /** Where a chained bundle is looked for unless given: beside {@code bundle}, by its name. */
  public static Path previousBundle(Path bundle, Manifest.Chain chain) {
    return bundle.toAbsolutePath().resolveSibling(chain.bundle());
  }

  /** Where the chained bundle's public key is looked for unless given: beside {@code bundle}. */
  public static Path previousPublicKey(Path bundle, Manifest.Chain chain) {
    return bundle
        .toAbsolutePath()
        .resolveSibling(EvidenceBundle.Stage.EVIDENCE.publicKeyName(chain.release()));
  }

  /**
   * Verifies {@code bundle} with {@code key} and, if its signed manifest is chained, the bundle it
   * names ({@code previous}, by default beside it) with {@code previousKey} (by default the public
   * key beside that), and the link. Never throws for a bad bundle or link; it reports them.
   */
  public static Result verify(
      Path bundle, JWK key, Optional<Path> previous, Optional<Path> previousKey) {
    EvidenceVerifier.Result verified = EvidenceVerifier.verify(bundle, key);
    Optional<Manifest.Chain> chain = verified.manifest().map(Manifest::chainedTo);
    if (chain.isEmpty()) {
      if (previous.isPresent() && verified.manifest().isPresent()) {
        return new Result(
            bundle,
            verified,
            Optional.of(
                new Link(
                    null,
                    previous.get(),
                    previousKey.orElse(previous.get()),
                    Optional.empty(),
                    List.of(
                        new Problem(
                            Kind.CHAIN,
                            String.valueOf(bundle.getFileName()),
                            "its signed manifest is chained to no bundle, but %s was given as the bundle it continues; give a closeout bundle (cutover-closeout-<release>.zip)"
                                .formatted(previous.get()))))));
      }
      return new Result(bundle, verified, Optional.empty());
    }
    Manifest.Chain link = chain.get();
    return new Result(
        bundle,
        verified,
        Optional.of(
            follow(
                link,
                previous.orElse(previousBundle(bundle, link)),
                previousKey.orElse(previousPublicKey(bundle, link)))));
  }

  /**
   * Follows a chain to {@code previous}: verifies it with the key in {@code previousKey} and checks
   * it is the bundle the chain names. The closeout runs this before it seals, the verifier after.
   */
  public static Link follow(Manifest.Chain chain, Path previous, Path previousKey) {
    String named =
        "%s (release %s, manifest %s)"
            .formatted(chain.bundle(), chain.release(), chain.manifestDigest());
    List<Problem> problems = new ArrayList<>();
    if (!Files.isRegularFile(previous)) {
      problems.add(
          new Problem(
              Kind.CHAIN,
              chain.bundle(),
              "the T+120 bundle %s is not at %s; put it there with its public key (CI: restore the evidence job's bundle, or download it from the release), or give verify-evidence --previous-bundle"
                  .formatted(named, previous)));
      return new Link(chain, previous, previousKey, Optional.empty(), problems);
    }
    JWK key;
    try {
      key = EvidenceVerifier.readPublicKey(previousKey);
    } catch (EvidenceException e) {
      problems.add(
          new Problem(
              Kind.CHAIN,
              chain.bundle(),
              "the T+120 bundle's public key: %s".formatted(e.getMessage())));
      return new Link(chain, previous, previousKey, Optional.empty(), problems);
    }
    EvidenceVerifier.Result verified = EvidenceVerifier.verify(previous, key);
    verified
        .manifest()
        .ifPresent(
            manifest -> {
              String digest = ManifestDigest.of(previous);
              if (!digest.equals(chain.manifestDigest())) {
                problems.add(
                    new Problem(
                        Kind.CHAIN,
                        chain.bundle(),
                        "the chain names %s, but %s holds manifest %s (release %s, sealed %s): another T+120 bundle"
                            .formatted(
                                named, previous, digest, manifest.release(), manifest.created())));
              }
              String thumbprint = EvidenceVerifier.thumbprint(key);
              if (!thumbprint.equals(manifest.keyId())) {
                problems.add(
                    new Problem(
                        Kind.CHAIN,
                        chain.bundle(),
                        "verified with key %s (%s), but its manifest names key %s; use the key published with the T+120 bundle"
                            .formatted(thumbprint, previousKey, manifest.keyId())));
              }
            });
    return new Link(chain, previous, previousKey, Optional.of(verified), problems);
  }
}
