package io.intelgraph.cutover.approval;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.intelgraph.cutover.config.Approvals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Verifies the go-live approvals: for every configured role, one approval whose signature verifies
 * with that role's public key, for this release and this evidence manifest, signed no later than
 * now (plus the clock skew) and not expired (its own {@code expires_at}, and {@code max_age} after
 * signing). Every other approval file found is named with what is wrong with it.
 *
 * <pre>{@code
 * ApprovalVerifier.Report report = ApprovalVerifier.verify(env.closeout().approvals(), "v1.0.0-GA", digest, Instant.now());
 * assertThat(report.problems()).as(report.describe()).isEmpty();
 * }</pre>
 *
 * <p>Design note: the role an approval claims is read before its signature is checked, only to
 * choose the key it must verify with; an approval that claims a role but was signed by another
 * role's key is named as such, never counted.
 */
public final class ApprovalVerifier {

  /** What was found for one role: the valid approval, or why there is none. */
  public record RoleResult(String role, Optional<Approval> valid, List<String> problems) {
    public RoleResult {
      problems = List.copyOf(problems);
    }
  }

  /** Every configured role's result, and files that claim no configured role. */
  public record Report(Path dir, List<RoleResult> roles, List<String> unassigned) {
    public Report {
      roles = List.copyOf(roles);
      unassigned = List.copyOf(unassigned);
    }

    /** True only when roles are configured and each has a valid approval. */
    public boolean approved() {
      return !roles.isEmpty() && roles.stream().allMatch(r -> r.valid().isPresent());
    }

    /** One line per role: the approval, or MISSING/INVALID with every reason. */
    public String describe() {
      if (roles.isEmpty()) {
        return "no approving roles are configured; list them in closeout.approvals.roles, e.g. sre-lead: {public_key: {file: keys/sre-lead.public.jwk.json}}";
      }
      StringBuilder text = new StringBuilder();
      for (RoleResult role : roles) {
        text.append(
            role.valid()
                .map(a -> "APPROVED " + a.describe())
                .orElse(
                    (role.problems().stream().anyMatch(p -> !p.startsWith("no approval"))
                            ? "INVALID "
                            : "MISSING ")
                        + role.role()));
        role.problems().forEach(p -> text.append("\n    ").append(p));
        text.append('\n');
      }
      unassigned.forEach(u -> text.append("IGNORED ").append(u).append('\n'));
      return text.toString().stripTrailing();
    }
  }

  private ApprovalVerifier() {}

  public static Report verify(
      Approvals config, String release, String manifestDigest, Instant now) {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    Map<String, Approval> valid = new LinkedHashMap<>();
    Map<String, JWK> keys = new LinkedHashMap<>();
    config
        .roles()
        .values()
        .forEach(
            role -> {
              problems.put(role.name(), new ArrayList<>());
              try {
                keys.put(role.name(), publicKey(role));
              } catch (ApprovalException e) {
                problems.get(role.name()).add(e.getMessage());
              }
            });
    List<String> unassigned = new ArrayList<>();
    for (Path file : files(config.dir())) {
      Approval claimed;
      JWSObject jws;
      try {
        jws = ApprovalStatement.parse(Files.readString(file, StandardCharsets.US_ASCII));
        claimed = ApprovalStatement.claimed(jws);
      } catch (ApprovalException | IOException e) {
        unassigned.add("%s: %s".formatted(file, e.getMessage()));
        continue;
      }
      if (!claimed.release().equals(release)) {
        if (problems.containsKey(claimed.role())) {
          problems
              .get(claimed.role())
              .add(
                  "%s approves release %s, not %s; sign one for %s"
                      .formatted(file, claimed.release(), release, release));
        }
        continue;
      }
      if (!problems.containsKey(claimed.role())) {
        unassigned.add(
            "%s: approves as role '%s', which closeout.approvals.roles does not list (%s)"
                .formatted(file, claimed.role(), config.roles().keySet()));
        continue;
      }
      JWK key = keys.get(claimed.role());
      if (key == null) continue; // the role's key is unusable; already said
      List<String> wrong = check(file, jws, claimed, key, config, release, manifestDigest, now);
      if (wrong.isEmpty()) {
        valid.merge(claimed.role(), claimed, (a, b) -> a.signedAt().isAfter(b.signedAt()) ? a : b);
      } else {
        problems.get(claimed.role()).addAll(wrong);
      }
    }
    List<RoleResult> results = new ArrayList<>();
    problems.forEach(
        (role, list) -> {
          Optional<Approval> approval = Optional.ofNullable(valid.get(role));
          List<String> shown = new ArrayList<>(list);
          if (approval.isEmpty() && list.isEmpty()) {
            shown.add(
                "no approval by %s for release %s in %s; the %s signs one: java -jar maestro-cutover.jar approve --release %s --role %s --key KEY --evidence cutover-evidence-%s.zip --out %s"
                    .formatted(
                        role, release, config.dir(), role, release, role, release, config.dir()));
          }
          results.add(new RoleResult(role, approval, approval.isPresent() ? List.of() : shown));
        });
    return new Report(config.dir(), results, unassigned);
  }

  private static List<String> check(
      Path file,
      JWSObject jws,
      Approval claimed,
      JWK key,
      Approvals config,
      String release,
      String manifestDigest,
      Instant now) {
    List<String> wrong = new ArrayList<>();
    String signedBy = jws.getHeader().getKeyID();
    if (!verifies(jws, key)) {
      wrong.add(
          "%s: the signature (%s, kid %s) does not verify with %s's public key (kid %s); it was signed with another key, e.g. another role's"
              .formatted(
                  file, jws.getHeader().getAlgorithm(), signedBy, claimed.role(), thumbprint(key)));
      return wrong; // nothing else in it can be trusted
    }
    if (!claimed.evidenceManifest().equals(manifestDigest)) {
      wrong.add(
          "%s: approves evidence %s, but this release's sealed evidence manifest is %s; review the current bundle and sign again"
              .formatted(file, claimed.evidenceManifest(), manifestDigest));
    }
    if (claimed.signedAt().isAfter(now.plus(config.clockSkew()))) {
      wrong.add(
          "%s: signed at %s, in the future (now %s, clock_skew %s); check the signer's clock and sign again"
              .formatted(file, claimed.signedAt(), now, config.clockSkew()));
    }
    Instant expires =
        claimed.expiresAt().isBefore(claimed.signedAt().plus(config.maxAge()))
            ? claimed.expiresAt()
            : claimed.signedAt().plus(config.maxAge());
    if (!now.isBefore(expires)) {
      wrong.add(
          "%s: expired at %s (signed %s by %s; expires_at %s, closeout.approvals.max_age %s); sign again"
              .formatted(
                  file,
                  expires,
                  claimed.signedAt(),
                  claimed.approvedBy(),
                  claimed.expiresAt(),
                  config.maxAge()));
    }
    return wrong;
  }

  static boolean verifies(JWSObject jws, JWK key) {
    JWSAlgorithm alg = jws.getHeader().getAlgorithm();
    try {
      JWSVerifier verifier;
      if (key instanceof RSAKey rsa && JWSAlgorithm.RS256.equals(alg)) {
        verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
      } else if (key instanceof ECKey ec && JWSAlgorithm.ES256.equals(alg)) {
        verifier = new ECDSAVerifier(ec.toECPublicKey());
      } else {
        return false;
      }
      return jws.verify(verifier);
    } catch (JOSEException e) {
      return false;
    }
  }

  static JWK publicKey(Approvals.Role role) {
    try {
      JWK jwk = JWK.parse(role.publicKey().reveal().strip());
      if (!(jwk instanceof RSAKey) && !(jwk instanceof ECKey)) {
        throw new ApprovalException(
            "closeout.approvals.roles.%s.public_key (%s) is a %s key; give the role's RSA or EC P-256 public JWK"
                .formatted(role.name(), role.publicKey().reference(), jwk.getKeyType()));
      }
      return jwk.toPublicJWK();
    } catch (ParseException e) {
      throw new ApprovalException(
          "closeout.approvals.roles.%s.public_key (%s) is not a JWK; give the role's public JWK (approve writes it beside its key as <role>.public.jwk.json)"
              .formatted(role.name(), role.publicKey().reference()));
    }
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> found =
        Files.find(
            dir,
            2,
            (path, attributes) -> attributes.isRegularFile() && path.toString().endsWith(".jws"))) {
      return found.sorted().toList();
    } catch (IOException e) {
      throw new ApprovalException(
          "closeout.approvals.dir %s cannot be listed (%s)".formatted(dir, e.getMessage()));
    }
  }

  static String thumbprint(JWK key) {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      return "unknown";
    }
  }
}
