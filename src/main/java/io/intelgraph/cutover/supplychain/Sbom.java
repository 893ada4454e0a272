package io.intelgraph.cutover.supplychain;

import io.intelgraph.cutover.support.JsonMappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A CycloneDX SBOM, JSON (https://cyclonedx.org/docs/1.6/json/) or XML
 * (https://cyclonedx.org/docs/1.6/xml/): every component of {@code components}, nested ones
 * included, as an {@link SbomPackage} by its key.
 *
 * <p>Only what the drift compares is read: a component's {@code group}, {@code name}, {@code
 * version}, {@code purl} and nested {@code components}, as both schemas (1.0 to 1.6) define them;
 * the JSON with the project's own Jackson, the XML with the JDK's StAX (no DTD, no external
 * entities), so the suite carries no second JSON, XML or YAML stack for the one file it reads.
 * Everything else in the document is ignored, as CycloneDX allows extensions.
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

  /** CycloneDX XML documents are in {@code http://cyclonedx.org/schema/bom/<version>}. */
  static final String XML_NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";

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
    Map<String, SbomPackage> packages = new TreeMap<>();
    Consumer<SbomPackage> add = found -> packages.merge(found.key(), found, Sbom::join);
    if (firstCharacter(bytes) == '<') {
      readXml(file, bytes, add);
    } else {
      readJson(file, bytes, add);
    }
    return new Sbom(file, packages);
  }

  private static void readJson(Path file, byte[] bytes, Consumer<SbomPackage> add) {
    JsonNode bom;
    try {
      bom = JsonMappers.JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new SupplyChainException(
          "CycloneDX SBOM %s cannot be parsed as JSON: %s".formatted(file, e.getOriginalMessage()));
    }
    if (bom == null || !"CycloneDX".equals(bom.path("bomFormat").asString(""))) {
      throw notCycloneDx(file);
    }
    List<JsonNode> pending = new ArrayList<>();
    bom.path("components").forEach(pending::add);
    while (!pending.isEmpty()) {
      JsonNode component = pending.remove(pending.size() - 1);
      component.path("components").forEach(pending::add);
      package_(
              text(component, "purl"),
              text(component, "group"),
              text(component, "name"),
              text(component, "version"))
          .ifPresent(add);
    }
  }

  private static String text(JsonNode component, String field) {
    JsonNode value = component.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static void readXml(Path file, byte[] bytes, Consumer<SbomPackage> add) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // an SBOM is data from outside: no DTD, no entity reaching a file or the network
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
      try {
        xml.nextTag();
        String namespace = xml.getNamespaceURI();
        if (!"bom".equals(xml.getLocalName())
            || namespace == null
            || !namespace.startsWith(XML_NAMESPACE_PREFIX)) {
          throw notCycloneDx(file);
        }
        forEachChild(
            xml,
            child -> {
              if (child.equals("components")) readXmlComponents(xml, add);
              else skip(xml);
            });
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new SupplyChainException(
          "CycloneDX SBOM %s cannot be parsed as XML: %s".formatted(file, e.getMessage()));
    }
  }

  /** At a {@code <components>} start tag: every {@code <component>} in it, with its nested ones. */
  private static void readXmlComponents(XMLStreamReader xml, Consumer<SbomPackage> add)
      throws XMLStreamException {
    forEachChild(
        xml,
        child -> {
          if (!child.equals("component")) {
            skip(xml);
            return;
          }
          Map<String, String> fields = new TreeMap<>();
          forEachChild(
              xml,
              field -> {
                switch (field) {
                  case "group", "name", "version", "purl" ->
                      fields.put(field, xml.getElementText().strip());
                  case "components" -> readXmlComponents(xml, add);
                  default -> skip(xml);
                }
              });
          package_(
                  fields.get("purl"),
                  fields.get("group"),
                  fields.get("name"),
                  fields.get("version"))
              .ifPresent(add);
        });
  }

  private interface ChildReader {
    void read(String localName) throws XMLStreamException;
  }

  /**
   * At a start tag: hands each child element's start tag to {@code child}, which consumes it to its
   * end tag; returns at this element's end tag.
   */
  private static void forEachChild(XMLStreamReader xml, ChildReader child)
      throws XMLStreamException {
    while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
      child.read(xml.getLocalName());
    }
  }

  /** At a start tag: moves past its end tag, whatever it holds. */
  private static void skip(XMLStreamReader xml) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) depth++;
      else if (event == XMLStreamConstants.END_ELEMENT) depth--;
    }
  }

  /** A component without a name names no package (CycloneDX requires one; some tools omit it). */
  private static Optional<SbomPackage> package_(
      String purl, String group, String name, String version) {
    if (name == null || name.isBlank()) return Optional.empty();
    return Optional.of(SbomPackage.of(purl, group, name, version));
  }

  private static SupplyChainException notCycloneDx(Path file) {
    return new SupplyChainException(
        "%s is not a CycloneDX SBOM (JSON with \"bomFormat\": \"CycloneDX\" or XML in the CycloneDX namespace); generate one with e.g. `syft IMAGE -o cyclonedx-json`"
            .formatted(file));
  }

  /** The first character that is not whitespace or a byte order mark, or -1. */
  private static int firstCharacter(byte[] bytes) {
    String start =
        new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8)
            .replace("\uFEFF", "");
    return start.strip().chars().findFirst().orElse(-1);
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
