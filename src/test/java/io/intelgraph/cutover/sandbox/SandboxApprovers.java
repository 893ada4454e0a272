package io.intelgraph.cutover.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.intelgraph.cutover.cli.CutoverCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's go-live approvers: one key per role, made at set-up as each lead would make their
 * own (a private JWK kept to themselves, the public half published for {@code
 * closeout.approvals.roles}), and their approvals, signed with the {@code approve} command over the
 * evidence bundle a run sealed.
 */
public final class SandboxApprovers {

  /** The roles of the run of show's GO_LIVE_APPROVAL.md. */
  public static final List<String> ROLES =
      List.of("platform-lead", "sre-lead", "security-lead", "cto");

  private final Path keys;
  private final Path approvals;

  private SandboxApprovers(Path keys, Path approvals) {
    this.keys = keys;
    this.approvals = approvals;
  }

  /** Makes every role's key pair under {@code workDir}; the private halves stay there. */
  static SandboxApprovers create(Path workDir) throws IOException, JOSEException {
    Path keys = Files.createDirectories(workDir.resolve("approval-keys"));
    for (String role : ROLES) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      Files.writeString(keys.resolve(role + ".jwk.json"), key.toJSONString());
      Files.writeString(keys.resolve(role + ".public.jwk.json"), key.toPublicJWK().toJSONString());
    }
    return new SandboxApprovers(keys, workDir.resolve("approvals"));
  }

  /** The configuration that points the closeout at these roles' public keys and their approvals. */
  Map<String, String> configOverrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(SandboxConfigKeys.APPROVALS_DIR, approvals.toString());
    for (String role : ROLES) {
      overrides.put(SandboxConfigKeys.approvalPublicKeyFile(role), publicKey(role).toString());
    }
    return overrides;
  }

  /** A role's private key file, as {@code approve --key} takes it. */
  public Path privateKey(String role) {
    return keys.resolve(role + ".jwk.json");
  }

  public Path publicKey(String role) {
    return keys.resolve(role + ".public.jwk.json");
  }

  public Path approvalsDir() {
    return approvals;
  }

  /**
   * Every role approves the sealed bundle, through the command line; fails naming the role and the
   * command's answer.
   */
  public void approveAll(String release, Path evidenceBundle) {
    for (String role : ROLES) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          CutoverCommand.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "approve",
              "--release",
              release,
              "--role",
              role,
              "--key",
              privateKey(role).toString(),
              "--by",
              "sandbox " + role,
              "--evidence",
              evidenceBundle.toString(),
              "--out",
              approvals.toString());
      if (exit != 0) {
        throw new IllegalStateException(
            "sandbox approver %s: approve exited %d: %s"
                .formatted(role, exit, err.toString().strip()));
      }
    }
  }
}
