package io.intelgraph.cutover.supplychain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SBOM drift line's judgement: the drift is always listed (for review); the line fails when the
 * scanner's findings of a severity exceed its limit ({@code supply_chain.max_vulnerabilities}).
 * Each finding in a package this release added or moved to another version is marked {@code NEW}.
 *
 * <pre>{@code
 * SbomVerdict verdict = SbomVerdict.judge(drift, Optional.of(VulnerabilityReport.read(path)), Map.of("critical", 0));
 * if (!verdict.passed()) fail(verdict.describe());
 * }</pre>
 */
public record SbomVerdict(
    SbomDrift drift,
    Optional<VulnerabilityReport> report,
    Map<String, Integer> limits,
    List<String> overLimit) {

  public SbomVerdict {
    limits = Map.copyOf(limits);
    overLimit = List.copyOf(overLimit);
  }

  public static SbomVerdict judge(
      SbomDrift drift, Optional<VulnerabilityReport> report, Map<String, Integer> limits) {
    List<String> overLimit = new ArrayList<>();
    report.ifPresent(
        r -> {
          Set<String> introduced = drift.introducedKeys();
          Map<String, List<Vulnerability>> bySeverity = new LinkedHashMap<>();
          r.vulnerabilities()
              .forEach(
                  v -> bySeverity.computeIfAbsent(v.severity(), s -> new ArrayList<>()).add(v));
          limits.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .forEach(
                  limit -> {
                    List<Vulnerability> found =
                        bySeverity.getOrDefault(limit.getKey().toLowerCase(Locale.ROOT), List.of());
                    if (found.size() > limit.getValue()) {
                      overLimit.add(
                          "%d %s vulnerabilities (limit %d): %s"
                              .formatted(
                                  found.size(),
                                  limit.getKey(),
                                  limit.getValue(),
                                  String.join(
                                      ", ",
                                      found.stream()
                                          .map(
                                              v ->
                                                  (introduced.contains(v.packageKey())
                                                          ? "NEW "
                                                          : "")
                                                      + v)
                                          .toList())));
                    }
                  });
        });
    return new SbomVerdict(drift, report, limits, overLimit);
  }

  public boolean passed() {
    return overLimit.isEmpty();
  }

  /** The verdict, the drift and the findings by severity: the line's evidence. */
  public String describe() {
    StringBuilder text =
        new StringBuilder(passed() ? "PASSED" : "FAILED: " + String.join("; ", overLimit));
    text.append('\n').append(drift.describe());
    if (report.isEmpty()) {
      text.append(
          "vulnerabilities: not judged (no supply_chain.vulnerability_report configured)\n");
    } else {
      VulnerabilityReport r = report.get();
      Map<String, Long> counts = new java.util.TreeMap<>();
      r.vulnerabilities().forEach(v -> counts.merge(v.severity(), 1L, Long::sum));
      text.append(
          "vulnerabilities (%s report %s): %s, limits %s%n"
              .formatted(r.scanner(), r.source(), counts, new java.util.TreeMap<>(limits)));
      Set<String> introduced = drift.introducedKeys();
      r.vulnerabilities()
          .forEach(
              v ->
                  text.append(introduced.contains(v.packageKey()) ? "  NEW " : "      ")
                      .append(v)
                      .append('\n'));
    }
    return text.toString();
  }
}
