package io.intelgraph.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.intelgraph.cutover.config.Approvals;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.evidence.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalVerifierTest {

  private static final String RELEASE = "v1.0.0-GA";
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir Path dir;
  private final Map<String, ECKey> keys = new LinkedHashMap<>();
  private Approvals config;

  @BeforeEach
  void twoRolesWithTheirOwnKeys() throws Exception {
    Map<String, Approvals.Role> roles = new LinkedHashMap<>();
    for (String role : new String[] {"sre-lead", "cto"}) {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      keys.put(role, key);
      roles.put(
          role,
          new Approvals.Role(
              role,
              new Secret("file:" + role + ".public.jwk.json", key.toPublicJWK().toJSONString())));
    }
    config = new Approvals(dir, Duration.ofDays(7), Duration.ofMinutes(1), roles);
  }

  private void approve(String role, String signingRole, String release, String digest, Instant at) {
    SigningKey key =
        SigningKey.parse(new Secret("test:" + signingRole, keys.get(signingRole).toJSONString()));
    ApprovalStatement.write(
        new Approval(release, role, "alice", at, at.plus(Duration.ofDays(7)), digest), key, dir);
  }

  @Test
  void approvedWhenEveryRoleSignedThisReleaseAndEvidence() {
    approve("sre-lead", "sre-lead", RELEASE, DIGEST, NOW.minusSeconds(3600));
    approve("cto", "cto", RELEASE, DIGEST, NOW.minusSeconds(60));

    ApprovalVerifier.Report report = ApprovalVerifier.verify(config, RELEASE, DIGEST, NOW);

    assertThat(report.approved()).as(report.describe()).isTrue();
    assertThat(report.describe()).contains("APPROVED sre-lead: alice", "APPROVED cto: alice");
  }

  @Test
  void aMissingApprovalFailsNamingTheRoleAndHowToSign() {
    approve("sre-lead", "sre-lead", RELEASE, DIGEST, NOW.minusSeconds(60));

    ApprovalVerifier.Report report = ApprovalVerifier.verify(config, RELEASE, DIGEST, NOW);

    assertThat(report.approved()).isFalse();
    assertThat(report.describe())
        .contains(
            "MISSING cto",
            "no approval by cto for release v1.0.0-GA",
            "approve --release v1.0.0-GA --role cto --key KEY");
  }

  @Test
  void anApprovalSignedWithAnotherRolesKeyIsInvalid() {
    approve("sre-lead", "sre-lead", RELEASE, DIGEST, NOW.minusSeconds(60));
    approve("cto", "sre-lead", RELEASE, DIGEST, NOW.minusSeconds(60));

    ApprovalVerifier.Report report = ApprovalVerifier.verify(config, RELEASE, DIGEST, NOW);

    assertThat(report.approved()).isFalse();
    assertThat(report.describe())
        .contains(
            "INVALID cto",
            "cto.jws: the signature (ES256, kid ",
            "does not verify with cto's public key")
        .doesNotContain("APPROVED cto");
  }

  @Test
  void anApprovalOfAnotherReleaseOrOtherEvidenceDoesNotCount() {
    approve("sre-lead", "sre-lead", "v0.9.0", DIGEST, NOW.minusSeconds(60));
    approve("cto", "cto", RELEASE, "sha256:" + "b".repeat(64), NOW.minusSeconds(60));

    ApprovalVerifier.Report report = ApprovalVerifier.verify(config, RELEASE, DIGEST, NOW);

    assertThat(report.approved()).isFalse();
    assertThat(report.describe())
        .contains(
            "approves release v0.9.0, not v1.0.0-GA",
            "approves evidence sha256:bbbb",
            "this release's sealed evidence manifest is " + DIGEST);
  }

  @Test
  void anExpiredOrFutureApprovalDoesNotCount() {
    approve("sre-lead", "sre-lead", RELEASE, DIGEST, NOW.minus(Duration.ofDays(8)));
    approve("cto", "cto", RELEASE, DIGEST, NOW.plus(Duration.ofHours(1)));

    ApprovalVerifier.Report report = ApprovalVerifier.verify(config, RELEASE, DIGEST, NOW);

    assertThat(report.approved()).isFalse();
    assertThat(report.describe())
        .contains(
            "sre-lead.jws: expired at 2026-11-29T12:00:00Z",
            "closeout.approvals.max_age PT168H",
            "cto.jws: signed at 2026-11-30T13:00:00Z, in the future");
  }

  @Test
  void noConfiguredRolesIsNeverApproved() {
    Approvals none = new Approvals(dir, Duration.ofDays(7), Duration.ofMinutes(1), Map.of());

    ApprovalVerifier.Report report = ApprovalVerifier.verify(none, RELEASE, DIGEST, NOW);

    assertThat(report.approved()).isFalse();
    assertThat(report.describe())
        .contains("no approving roles are configured; list them in closeout.approvals.roles");
  }
}
