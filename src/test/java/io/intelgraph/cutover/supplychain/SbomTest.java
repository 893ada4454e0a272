package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomTest {

  @TempDir Path dir;

  @Test
  void jsonComponentsNestedOnesIncludedAreReadByPurl() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bom.json"),
            """
            \uFEFF {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
              "metadata":{"component":{"type":"application","name":"the-image","version":"9"}},
              "components":[
                {"type":"library","group":"org.yaml","name":"snakeyaml","version":"2.2",
                 "purl":"pkg:maven/org.yaml/snakeyaml@2.2?type=jar","x-vendor":{"any":1},
                 "components":[{"type":"library","name":"shaded","version":"1.0"}]},
                {"type":"library","name":"no-purl","version":"3"},
                {"type":"library","name":"","version":"ignored"}]}
            """);

    Sbom sbom = Sbom.read(file);

    assertThat(sbom.packages())
        .containsOnlyKeys("pkg:maven/org.yaml/snakeyaml", "name:shaded", "name:no-purl");
    assertThat(sbom.packages().get("pkg:maven/org.yaml/snakeyaml"))
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("org.yaml/snakeyaml");
              assertThat(p.version()).isEqualTo("2.2");
            });
  }

  @Test
  void xmlComponentsAreReadAsTheJsonOnesAndPedigreeIsNotAComponent() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bom.xml"),
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
              <metadata><component type="application"><name>the-image</name></component></metadata>
              <components>
                <component type="library">
                  <group>org.yaml</group>
                  <name>snakeyaml</name>
                  <version> 2.2 </version>
                  <purl>pkg:maven/org.yaml/snakeyaml@2.2?type=jar</purl>
                  <pedigree><ancestors><component type="library"><name>upstream</name></component></ancestors></pedigree>
                  <components>
                    <component type="library"><name>shaded</name><version>1.0</version></component>
                  </components>
                </component>
                <component type="library"><name>no-purl</name><version>3</version></component>
              </components>
            </bom>
            """);

    Sbom sbom = Sbom.read(file);

    assertThat(sbom.packages())
        .containsOnlyKeys("pkg:maven/org.yaml/snakeyaml", "name:shaded", "name:no-purl");
    assertThat(sbom.packages().get("pkg:maven/org.yaml/snakeyaml").version()).isEqualTo("2.2");
  }

  @Test
  void oneLibraryInTwoVersionsKeepsBoth() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bom.json"),
            """
            {"bomFormat":"CycloneDX","components":[
              {"name":"guava","version":"33.0","purl":"pkg:maven/com.google/guava@33.0"},
              {"name":"guava","version":"31.1","purl":"pkg:maven/com.google/guava@31.1"}]}
            """);

    assertThat(Sbom.read(file).packages().get("pkg:maven/com.google/guava").version())
        .isEqualTo("31.1,33.0");
  }

  @Test
  void xmlWithAnExternalEntityIsRefusedNotResolved() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cr3t");
    Path file =
        Files.writeString(
            dir.resolve("bom.xml"),
            """
            <?xml version="1.0"?>
            <!DOCTYPE bom [<!ENTITY leak SYSTEM "%s">]>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components>
              <component type="library"><name>&leak;</name></component></components></bom>
            """
                .formatted(secret.toUri()));

    assertThatThrownBy(() -> Sbom.read(file))
        .isInstanceOf(SupplyChainException.class)
        .hasMessageContaining("cannot be parsed as XML")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void xmlOutsideTheCycloneDxNamespaceIsNotAnSbom() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("other.xml"), "<bom xmlns=\"urn:something-else\"><components/></bom>");

    assertThatThrownBy(() -> Sbom.read(file)).hasMessageContaining("is not a CycloneDX SBOM");
  }

  @Test
  void brokenJsonSaysWhereItBroke() throws Exception {
    Path file = Files.writeString(dir.resolve("bom.json"), "{\"bomFormat\":\"CycloneDX\",");

    assertThatThrownBy(() -> Sbom.read(file))
        .isInstanceOf(SupplyChainException.class)
        .hasMessageContaining("bom.json cannot be parsed as JSON");
  }
}
