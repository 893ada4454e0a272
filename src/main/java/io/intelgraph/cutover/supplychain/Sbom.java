package io.intelgraph.cutover.supplychain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.BomParserFactory;

/**
 * A CycloneDX SBOM (JSON or XML, https://cyclonedx.org/docs/1.6/json/), read with CycloneDX's own
 * Java library: every component, nested ones included, as an {@link SbomPackage} by its key.
 *
 * <pre>{@code
 * Sbom current = Sbom.read(Path.of("sbom/v1.0.0.cdx.json"));
 * }</pre>
 *
 * @param source where it was read from, for messages
 * @param packages the packages by {@link SbomPackage#key()}; one key with two versions keeps both,
 *     joined
 */
public record Sbom(Path source, Map<String, SbomPackage> packages) {

  public Sbom {
    packages = java.util.Collections.unmodifiableMap(new TreeMap<>(packages));
  }

  public static Sbom read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SupplyChainException(
          "SBOM %s cannot be read: %s; check supply_chain.sbom / previous_sbom"
              .formatted(file.toAbsolutePath(), e));
    }
    if (!BomParserFactory.looksLikeCycloneDX(bytes)) {
      throw new SupplyChainException(
          "%s is not a CycloneDX SBOM (JSON with \"bomFormat\": \"CycloneDX\" or XML in the CycloneDX namespace); generate one with e.g. `syft IMAGE -o cyclonedx-json`"
              .formatted(file));
    }
    Bom bom;
    try {
      bom = BomParserFactory.createParser(bytes).parse(bytes);
    } catch (ParseException e) {
      throw new SupplyChainException(
          "CycloneDX SBOM %s cannot be parsed: %s".formatted(file, e.getMessage()), e);
    }
    Map<String, SbomPackage> packages = new TreeMap<>();
    List<Component> pending =
        new ArrayList<>(bom.getComponents() == null ? List.of() : bom.getComponents());
    while (!pending.isEmpty()) {
      Component component = pending.remove(pending.size() - 1);
      if (component.getComponents() != null) pending.addAll(component.getComponents());
      if (component.getName() == null || component.getName().isBlank()) continue;
      SbomPackage found =
          SbomPackage.of(
              component.getPurl(),
              component.getGroup(),
              component.getName(),
              component.getVersion());
      packages.merge(found.key(), found, Sbom::join);
    }
    return new Sbom(file, packages);
  }

  /**
   * The same package in two versions (e.g. two copies of a library): both versions, sorted, so a
   * change in either shows.
   */
  private static SbomPackage join(SbomPackage a, SbomPackage b) {
    if (a.version().equals(b.version())) return a;
    String versions =
        new java.util.TreeSet<>(List.of(a.version(), b.version()))
            .stream().reduce((x, y) -> x + "," + y).orElseThrow();
    return new SbomPackage(a.key(), a.name(), versions, a.purl());
  }
}
