package io.intelgraph.cutover.supplychain;

import java.util.Optional;

/**
 * One package of an SBOM, identified across releases by its package URL without the version
 * (https://github.com/package-url/purl-spec: {@code
 * pkg:type/namespace/name@version?qualifiers#subpath}), or by group and name when a component has
 * no purl.
 *
 * @param key what identifies the package across releases, e.g. {@code pkg:maven/org.yaml/snakeyaml}
 * @param name the component's name (with its group, if any)
 * @param version the component's version; empty when the SBOM gives none
 * @param purl the full package URL, if any
 */
public record SbomPackage(String key, String name, String version, Optional<String> purl) {

  /** The package for a component's purl, group, name and version (any may be null but the name). */
  static SbomPackage of(String purl, String group, String name, String version) {
    String fullName = group == null || group.isBlank() ? name : group + "/" + name;
    String key = purl == null || purl.isBlank() ? "name:" + fullName : versionless(purl);
    return new SbomPackage(
        key,
        fullName,
        version == null ? "" : version,
        Optional.ofNullable(purl).filter(p -> !p.isBlank()));
  }

  /** {@code pkg:maven/org.yaml/snakeyaml@2.2?type=jar} to {@code pkg:maven/org.yaml/snakeyaml}. */
  static String versionless(String purl) {
    String base = purl;
    int cut = base.indexOf('?');
    if (cut >= 0) base = base.substring(0, cut);
    cut = base.indexOf('#');
    if (cut >= 0) base = base.substring(0, cut);
    cut = base.lastIndexOf('@');
    if (cut > base.lastIndexOf('/')) base = base.substring(0, cut);
    return base;
  }

  @Override
  public String toString() {
    return name
        + (version.isEmpty() ? "" : "@" + version)
        + purl.map(p -> " (" + p + ")").orElse("");
  }
}
