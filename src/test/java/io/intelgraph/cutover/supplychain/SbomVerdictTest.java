package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomVerdictTest {

  @TempDir Path dir;

  private Path sbom(String name, String... components) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        """
        {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[%s]}"""
            .formatted(String.join(",", components)));
  }

  private static String maven(String group, String name, String version) {
    return """
        {"type":"library","group":"%s","name":"%s","version":"%s","purl":"pkg:maven/%s/%s@%s?type=jar"}"""
        .formatted(group, name, version, group, name, version);
  }

  private SbomDrift drift() throws Exception {
    Sbom previous =
        Sbom.read(
            sbom(
                "previous.json",
                maven("org.yaml", "snakeyaml", "2.2"),
                maven("commons-io", "commons-io", "2.16.1"),
                maven("io.undertow", "undertow-core", "2.3.17.Final")));
    Sbom current =
        Sbom.read(
            sbom(
                "current.json",
                maven("org.yaml", "snakeyaml", "2.3"),
                maven("io.undertow", "undertow-core", "2.3.17.Final"),
                maven("org.apache.logging.log4j", "log4j-core", "2.14.1")));
    return SbomDrift.between(previous, current);
  }

  @Test
  void listsPackagesAddedRemovedAndChangedByPurl() throws Exception {
    SbomDrift drift = drift();

    assertThat(drift.added())
        .extracting(SbomPackage::key)
        .containsExactly("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(drift.removed())
        .extracting(SbomPackage::key)
        .containsExactly("pkg:maven/commons-io/commons-io");
    assertThat(drift.changed()).hasToString("[pkg:maven/org.yaml/snakeyaml 2.2 -> 2.3]");
    assertThat(drift.describe())
        .contains("3 packages) to ", ": 1 added, 1 removed, 1 changed")
        .contains(
            "+ added   org.apache.logging.log4j/log4j-core@2.14.1 (pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar)")
        .contains("- removed commons-io/commons-io@2.16.1")
        .contains("~ changed pkg:maven/org.yaml/snakeyaml 2.2 -> 2.3");
  }

  @Test
  void newCriticalVulnerabilityFailsNamingIt() throws Exception {
    Path grype =
        Files.writeString(
            dir.resolve("grype.json"),
            """
        {"matches":[
          {"vulnerability":{"id":"CVE-2021-44228","severity":"Critical"},
           "artifact":{"name":"log4j-core","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}},
          {"vulnerability":{"id":"CVE-2024-0002","severity":"Medium"},
           "artifact":{"name":"undertow-core","version":"2.3.17.Final","purl":"pkg:maven/io.undertow/undertow-core@2.3.17.Final"}}],
         "descriptor":{"name":"grype"}}""");

    SbomVerdict verdict =
        SbomVerdict.judge(
            drift(),
            Optional.of(VulnerabilityReport.read(grype)),
            Map.of("critical", 0, "high", 0));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.overLimit())
        .containsExactly(
            "1 critical vulnerabilities (limit 0): NEW CVE-2021-44228 (critical) in log4j-core@2.14.1");
    assertThat(verdict.describe())
        .startsWith("FAILED: 1 critical vulnerabilities (limit 0)")
        .contains(
            "vulnerabilities (grype report",
            "{critical=1, medium=1}",
            "      CVE-2024-0002 (medium) in undertow-core@2.3.17.Final");
  }

  @Test
  void trivyReportIsDetectedAndHighCountsAgainstItsLimit() throws Exception {
    Path trivy =
        Files.writeString(
            dir.resolve("trivy.json"),
            """
        {"SchemaVersion":2,"ArtifactName":"ghcr.io/intelgraph/api:1.42.0","Results":[
          {"Target":"app.jar","Vulnerabilities":[
            {"VulnerabilityID":"CVE-2024-9999","PkgName":"org.yaml:snakeyaml","InstalledVersion":"2.3",
             "PkgIdentifier":{"PURL":"pkg:maven/org.yaml/snakeyaml@2.3"},"Severity":"HIGH"}]},
          {"Target":"debian","Vulnerabilities":null}]}""");

    VulnerabilityReport report = VulnerabilityReport.read(trivy);
    SbomVerdict verdict =
        SbomVerdict.judge(drift(), Optional.of(report), Map.of("critical", 0, "high", 1));

    assertThat(report.scanner()).isEqualTo("trivy");
    assertThat(report.vulnerabilities())
        .hasToString("[CVE-2024-9999 (high) in org.yaml:snakeyaml@2.3]");
    assertThat(verdict.passed()).as(verdict.describe()).isTrue();
    assertThat(verdict.describe()).contains("  NEW CVE-2024-9999 (high)");
  }

  @Test
  void withoutAScannerReportTheDriftIsListedAndVulnerabilitiesSaidNotJudged() throws Exception {
    SbomVerdict verdict = SbomVerdict.judge(drift(), Optional.empty(), Map.of("critical", 0));

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.describe())
        .contains("vulnerabilities: not judged (no supply_chain.vulnerability_report configured)");
  }

  @Test
  void reportOfNeitherShapeIsAnErrorNotAnEmptyReport() throws Exception {
    Path other = Files.writeString(dir.resolve("other.json"), "{\"runs\":[]}");

    assertThatThrownBy(() -> VulnerabilityReport.read(other))
        .hasMessage(
            "%s is neither a Grype report (top-level `matches`) nor a Trivy report (top-level `Results`/`SchemaVersion`); it has [runs]",
            other);
  }

  @Test
  void fileThatIsNotCycloneDxIsRefusedWithHowToMakeOne() throws Exception {
    Path spdx = Files.writeString(dir.resolve("spdx.json"), "{\"spdxVersion\":\"SPDX-2.3\"}");

    assertThatThrownBy(() -> Sbom.read(spdx))
        .hasMessageContaining("is not a CycloneDX SBOM")
        .hasMessageContaining("syft IMAGE -o cyclonedx-json");
  }
}
