package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApproveCommandTest {

  private static final String DIGEST = "sha256:" + "c".repeat(64);

  @TempDir Path dir;
  private ECKey key;
  private Path keyFile;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void aPrivateKey() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).generate();
    keyFile = Files.writeString(dir.resolve("sre-lead.jwk.json"), key.toJSONString());
  }

  private int run(String... args) {
    return CutoverCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void writesASignedApprovalAndExitsZero() throws Exception {
    int exit =
        run(
            "approve",
            "--release",
            "v1.0.0-GA",
            "--role",
            "sre-lead",
            "--key",
            keyFile.toString(),
            "--by",
            "alice",
            "--manifest-digest",
            DIGEST,
            "--out",
            dir.resolve("approvals").toString());

    assertThat(exit).as(err.toString()).isZero();
    Path written = dir.resolve("approvals/v1.0.0-GA/sre-lead.jws");
    JWSObject jws = JWSObject.parse(Files.readString(written).strip());
    assertThat(jws.verify(new ECDSAVerifier(key.toECPublicKey()))).isTrue();
    assertThat(jws.getPayload().toString())
        .contains(
            "\"release\":\"v1.0.0-GA\"",
            "\"role\":\"sre-lead\"",
            "\"approved_by\":\"alice\"",
            "\"evidence_manifest\":\"" + DIGEST + "\"",
            "\"signed_at\":",
            "\"expires_at\":");
    assertThat(out.toString())
        .contains("APPROVED sre-lead: alice", written.toString())
        .doesNotContain(key.getD().toString());
  }

  @Test
  void withoutReleaseItIsAUsageError() {
    int exit =
        run(
            "approve",
            "--role",
            "sre-lead",
            "--key",
            keyFile.toString(),
            "--manifest-digest",
            DIGEST);

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("Missing required option: '--release=TAG'");
  }

  @Test
  void evidenceAndDigestTogetherAreAUsageError() {
    int exit =
        run(
            "approve",
            "--release",
            "v1",
            "--role",
            "sre-lead",
            "--key",
            keyFile.toString(),
            "--manifest-digest",
            DIGEST,
            "--evidence",
            "bundle.zip");

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void aMalformedDigestIsAUsageErrorNamingTheValue() {
    int exit =
        run(
            "approve",
            "--release",
            "v1",
            "--role",
            "sre-lead",
            "--key",
            keyFile.toString(),
            "--manifest-digest",
            "md5:abc");

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString())
        .contains("approve: manifest digest 'md5:abc' is not sha256:<64 hex digits>");
  }

  @Test
  void anUnreadableKeyOrMissingBundleIsAUsageError() {
    int noKey =
        run(
            "approve",
            "--release",
            "v1",
            "--role",
            "sre-lead",
            "--key",
            dir.resolve("nope.jwk").toString(),
            "--manifest-digest",
            DIGEST);
    assertThat(noKey).isEqualTo(3);
    assertThat(err.toString())
        .contains("approve --key " + dir.resolve("nope.jwk") + " cannot be read");

    int noBundle =
        run(
            "approve",
            "--release",
            "v1",
            "--role",
            "sre-lead",
            "--key",
            keyFile.toString(),
            "--evidence",
            dir.resolve("none.zip").toString());
    assertThat(noBundle).isEqualTo(3);
    assertThat(err.toString())
        .contains("evidence bundle " + dir.resolve("none.zip") + " cannot be read");
  }
}
