package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.approval.Approval;
import io.intelgraph.cutover.approval.ApprovalException;
import io.intelgraph.cutover.approval.ApprovalStatement;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code approve}: a person's go-live approval for one role, signed with that person's key over the
 * release, the role, who, when and the digest of the evidence manifest they reviewed. The day-3
 * closeout verifies one per configured role ({@code closeout.approvals.roles}).
 *
 * <pre>
 * java -jar target/maestro-cutover.jar approve --release v1.0.0-GA --role sre-lead --key ~/.keys/sre-lead.jwk.json \
 *     --by alice --evidence target/cutover-evidence-v1.0.0-GA.zip --out approvals
 * </pre>
 *
 * <p>The key is a private JWK or a PKCS#8 PEM file (RSA 2048+ signs RS256, EC P-256 signs ES256, as
 * the evidence signing key); its public half is what the role publishes for {@code
 * closeout.approvals.roles.<role>.public_key}.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description =
        "Sign a go-live approval for one role, over the release and the evidence manifest's digest.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the approval is written",
      "3:usage or configuration error (options, key, evidence, output directory)"
    })
final class ApproveCommand implements Callable<Integer> {

  static final int WRITTEN = 0;

  @Option(
      names = "--release",
      required = true,
      paramLabel = "TAG",
      description = "the release approved, e.g. v1.0.0-GA")
  String release;

  @Option(
      names = "--role",
      required = true,
      paramLabel = "ROLE",
      description = "the role you approve as, e.g. sre-lead (closeout.approvals.roles)")
  String role;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "your private key: a JWK or PKCS#8 PEM file (RSA: RS256, EC P-256: ES256)")
  Path key;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "who signs (default: the user running the command)")
  String by;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Evidence evidence;

  static final class Evidence {
    @Option(
        names = "--evidence",
        required = true,
        paramLabel = "ZIP",
        description = "the sealed evidence bundle you reviewed, cutover-evidence-<release>.zip")
    Path bundle;

    @Option(
        names = "--manifest-digest",
        required = true,
        paramLabel = "sha256:HEX",
        description = "or its manifest digest, as the evidence phase printed it")
    String digest;
  }

  @Option(
      names = "--out",
      defaultValue = "approvals",
      paramLabel = "DIR",
      description =
          "where to write <release>/<role>.jws (closeout.approvals.dir; default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--valid-for",
      defaultValue = "7d",
      paramLabel = "DURATION",
      converter = TimeConverters.DurationConverter.class,
      description =
          "how long the approval holds (default: ${DEFAULT-VALUE}; closeout.approvals.max_age may be shorter)")
  Duration validFor;

  @Spec CommandSpec spec;

  private final Clock clock;

  ApproveCommand() {
    this(Clock.systemUTC());
  }

  ApproveCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (validFor.isZero() || validFor.isNegative()) {
        throw new IllegalArgumentException(
            "approve --valid-for %s must be positive, e.g. 7d".formatted(validFor));
      }
      String digest =
          evidence.bundle != null
              ? ManifestDigest.of(evidence.bundle)
              : ManifestDigest.parse(evidence.digest);
      SigningKey signingKey = SigningKey.parse(readKey("approve", key));
      String who =
          by != null && !by.isBlank() ? by.strip() : System.getProperty("user.name", "unknown");
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Approval approval =
          new Approval(release.strip(), role.strip(), who, now, now.plus(validFor), digest);
      Path written = ApprovalStatement.write(approval, signingKey, out);
      stdout.printf(
          "APPROVED %s%nwritten: %s%nsigned by %s; the closeout verifies it with %s's public key:%n%s%n",
          approval.describe(), written, signingKey, role, signingKey.publicJwk().toJSONString());
      return WRITTEN;
    } catch (IllegalArgumentException | EvidenceException | ApprovalException e) {
      err.println("approve: " + e.getMessage());
      return CutoverCommand.USAGE;
    }
  }

  /**
   * A signer's private key file as {@code command --key} names it ({@code approve}, {@code
   * decide}): read, never printed.
   */
  static Secret readKey(String command, Path file) {
    try {
      return new Secret("file:" + file, Files.readString(file));
    } catch (IOException e) {
      throw new ApprovalException(
          "%s --key %s cannot be read (%s); give your private JWK or PKCS#8 PEM file"
              .formatted(command, file, e.getClass().getSimpleName()));
    } catch (IllegalArgumentException e) {
      throw new ApprovalException(
          "%s --key %s is empty; give your private JWK or PKCS#8 PEM file"
              .formatted(command, file));
    }
  }
}
