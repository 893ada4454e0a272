package io.intelgraph.cutover.cli;

import com.nimbusds.jose.jwk.JWK;
import io.intelgraph.cutover.evidence.BundleChain;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.EvidenceVerifier;
import io.intelgraph.cutover.evidence.Manifest;
import io.intelgraph.cutover.support.HttpClients;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify-evidence --bundle ZIP --public-key JWK}: checks an evidence bundle's signature and
 * every file's digest, and names anything changed, added or removed. Given a day-3 closeout bundle
 * ({@code cutover-closeout-<release>.zip}), it also verifies the T+120 bundle its signed manifest
 * is chained to (found beside it, with its public key, unless {@code --previous-bundle} and {@code
 * --previous-public-key} say where) and the link: that bundle's manifest digest is the one the
 * chain names and it verifies with the key its manifest names.
 *
 * <pre>{@code
 * java -jar maestro-cutover-cli.jar verify-evidence \
 *     --bundle cutover-evidence-v1.0.0-GA.zip --public-key cutover-evidence-v1.0.0-GA.public.jwk.json
 * java -jar maestro-cutover-cli.jar verify-evidence \
 *     --bundle cutover-closeout-v1.0.0-GA.zip --public-key cutover-closeout-v1.0.0-GA.public.jwk.json
 * }</pre>
 *
 * <p>Exit codes: {@value #VALID} valid, {@value #INVALID} invalid (the problems are printed),
 * {@value #USAGE} usage error (missing option, unreadable bundle path or key).
 */
@Command(
    name = "verify-evidence",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = VerifyEvidenceCommand.USAGE,
    description =
        "Verify a cutover evidence bundle: the manifest signature and every file's SHA-256; for a"
            + " day-3 closeout bundle also the T+120 bundle it is chained to, and the chain.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the bundle (and the bundle it is chained to) is intact",
      "1:invalid; each problem names the file, or the chain",
      "3:usage error"
    })
public final class VerifyEvidenceCommand implements Callable<Integer> {

  public static final int VALID = 0;
  public static final int INVALID = 1;
  public static final int USAGE = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "ZIP",
      description = "the evidence bundle, cutover-evidence-<release>.zip")
  Path bundle;

  @Option(
      names = "--public-key",
      required = true,
      paramLabel = "JWK",
      description =
          "the public key published with the bundle, cutover-evidence-<release>.public.jwk.json")
  Path publicKey;

  @Option(
      names = "--previous-bundle",
      paramLabel = "ZIP",
      description =
          "the T+120 bundle a closeout bundle is chained to; default: the file its manifest names,"
              + " beside --bundle")
  Path previousBundle;

  @Option(
      names = "--previous-public-key",
      paramLabel = "JWK",
      description =
          "the T+120 bundle's public key; default: cutover-evidence-<release>.public.jwk.json"
              + " beside --bundle")
  Path previousPublicKey;

  public static void main(String[] args) {
    HttpClients.shareCompletionPool(); // before anything starts the common pool
    System.exit(new CommandLine(new VerifyEvidenceCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(bundle)) {
      err.printf(
          "verify-evidence: --bundle %s: no such file; give the path of cutover-evidence-<release>.zip%n",
          bundle);
      return USAGE;
    }
    JWK key;
    try {
      key = EvidenceVerifier.readPublicKey(publicKey);
    } catch (EvidenceException e) {
      err.println("verify-evidence: " + e.getMessage());
      return USAGE;
    }
    BundleChain.Result result =
        BundleChain.verify(
            bundle,
            key,
            Optional.ofNullable(previousBundle),
            Optional.ofNullable(previousPublicKey));
    print(out, bundle, result.verified());
    result
        .link()
        .ifPresent(
            link -> {
              link.verified().ifPresent(previous -> print(out, link.bundle(), previous));
              if (link.chain() != null && link.problems().isEmpty()) {
                out.printf(
                    "CHAIN %s -> %s: manifest %s, as sealed%n",
                    bundle.getFileName(),
                    link.bundle().getFileName(),
                    link.chain().manifestDigest());
              } else {
                out.printf(
                    "CHAIN BROKEN %s -> %s: %d problem(s)%n",
                    bundle.getFileName(), link.bundle().getFileName(), link.problems().size());
                link.problems().forEach(problem -> out.println("  " + problem));
              }
            });
    return result.valid() ? VALID : INVALID;
  }

  private static void print(PrintWriter out, Path bundle, EvidenceVerifier.Result result) {
    if (result.valid()) {
      Manifest manifest = result.manifest().orElseThrow();
      out.printf(
          "VALID %s: release %s, sealed %s, %d files, %s signature by key %s%n",
          bundle.getFileName(),
          manifest.release(),
          manifest.created(),
          manifest.entries().size(),
          manifest.algorithm(),
          manifest.keyId());
      return;
    }
    out.printf("INVALID %s: %d problem(s)%n", bundle.getFileName(), result.problems().size());
    result.problems().forEach(problem -> out.println("  " + problem));
  }
}
