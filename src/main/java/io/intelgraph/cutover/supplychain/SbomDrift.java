package io.intelgraph.cutover.supplychain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed in the packages between the previous release's SBOM and this one's: added, removed,
 * and changed version (same {@link SbomPackage#key()}).
 *
 * <pre>{@code
 * SbomDrift drift = SbomDrift.between(Sbom.read(previous), Sbom.read(current));
 * drift.describe(); // "+ pkg:... 1.2.0", "- ...", "~ ... 1.1.0 -> 1.2.0"
 * }</pre>
 */
public record SbomDrift(
    Sbom previous,
    Sbom current,
    List<SbomPackage> added,
    List<SbomPackage> removed,
    List<Change> changed) {

  /** One package in both releases with another version. */
  public record Change(SbomPackage before, SbomPackage after) {
    @Override
    public String toString() {
      return "%s %s -> %s"
          .formatted(
              after.purl().map(SbomPackage::versionless).orElse(after.name()),
              before.version(),
              after.version());
    }
  }

  public SbomDrift {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  public static SbomDrift between(Sbom previous, Sbom current) {
    List<SbomPackage> added = new ArrayList<>();
    List<SbomPackage> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    Set<String> keys = new TreeSet<>(previous.packages().keySet());
    keys.addAll(current.packages().keySet());
    for (String key : keys) {
      SbomPackage before = previous.packages().get(key);
      SbomPackage after = current.packages().get(key);
      if (before == null) added.add(after);
      else if (after == null) removed.add(before);
      else if (!before.version().equals(after.version())) changed.add(new Change(before, after));
    }
    return new SbomDrift(previous, current, added, removed, changed);
  }

  /**
   * Keys of packages this release brought in or moved to another version: where a vulnerability is
   * new.
   */
  public Set<String> introducedKeys() {
    Set<String> keys = new TreeSet<>();
    added.forEach(p -> keys.add(p.key()));
    changed.forEach(c -> keys.add(c.after().key()));
    return keys;
  }

  /** One line per difference, then a count: what the release manager reviews. */
  public String describe() {
    StringBuilder text =
        new StringBuilder(
            "SBOM drift from %s (%d packages) to %s (%d packages): %d added, %d removed, %d changed%n"
                .formatted(
                    previous.source(),
                    previous.packages().size(),
                    current.source(),
                    current.packages().size(),
                    added.size(),
                    removed.size(),
                    changed.size()));
    added.forEach(p -> text.append("+ added   ").append(p).append('\n'));
    removed.forEach(p -> text.append("- removed ").append(p).append('\n'));
    changed.forEach(c -> text.append("~ changed ").append(c).append('\n'));
    return text.toString();
  }
}
