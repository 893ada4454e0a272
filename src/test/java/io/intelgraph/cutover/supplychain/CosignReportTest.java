package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The closeout's cosign evidence names which form verified each image, and counts them. */
class CosignReportTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  private static SignatureCheck check(String where, Optional<SignatureCheck.Form> form) {
    return new SignatureCheck(
        where, "registry.local/intelgraph/api@" + DIGEST, DIGEST, form, "detail of " + where);
  }

  @Test
  void describesTheFormsThatVerified() {
    SupplyChainLines.CosignReport report =
        new SupplyChainLines.CosignReport(
            List.of(
                check("deployment/api", Optional.of(SignatureCheck.Form.LEGACY_SIG)),
                check("deployment/api-canary", Optional.of(SignatureCheck.Form.SIGSTORE_BUNDLE))));

    assertThat(report.failures()).isEmpty();
    assertThat(report.describe())
        .startsWith("2 of 2 images verified (1 by Sigstore bundle, 1 by legacy .sig)\n")
        .contains(
            "VERIFIED deployment/api: registry.local/intelgraph/api@"
                + DIGEST
                + ": detail of deployment/api",
            "VERIFIED deployment/api-canary:");
  }

  @Test
  void anImageNoFormVerifiedIsAFailure() {
    SupplyChainLines.CosignReport report =
        new SupplyChainLines.CosignReport(
            List.of(
                check("deployment/api", Optional.of(SignatureCheck.Form.SIGSTORE_BUNDLE)),
                check("deployment/api-canary", Optional.empty())));

    assertThat(report.failures())
        .extracting(SignatureCheck::where)
        .containsExactly("deployment/api-canary");
    assertThat(report.describe())
        .startsWith("1 of 2 images verified (1 by Sigstore bundle)\n")
        .contains("FAILED deployment/api-canary:");
    assertThat(new SupplyChainLines.CosignReport(List.of(check("d", Optional.empty()))).describe())
        .startsWith("0 of 1 images verified\n");
  }
}
