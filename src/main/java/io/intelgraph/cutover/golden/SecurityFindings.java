package io.intelgraph.cutover.golden;

import java.util.List;
import java.util.Objects;

/**
 * The security goldens of one run, sorted by what they prove: {@link #regressions()} (the API
 * accepted a forged or absent credential, or leaked another tenant's data: critical, RED at once)
 * and {@link #inconclusive()} (a check could not judge: it fails, but it is no evidence of a
 * regression and triggers no rollback).
 *
 * <pre>{@code
 * SecurityFindings findings = SecurityFindings.of(goldens.security(canaryPercent));
 * if (findings.regressed()) throw new RedVerdictException("security regression: " + findings.describe(findings.regressions()));
 * }</pre>
 */
public record SecurityFindings(List<GoldenResult> results) {

  public SecurityFindings {
    results = List.copyOf(Objects.requireNonNull(results, "results"));
    if (results.isEmpty())
      throw new IllegalArgumentException("no security golden ran; an empty run proves nothing");
  }

  public static SecurityFindings of(List<GoldenResult> results) {
    return new SecurityFindings(results);
  }

  /** The checks that saw the API do what it must not. */
  public List<GoldenResult> regressions() {
    return results.stream().filter(r -> r.status() == GoldenResult.Status.FAILED).toList();
  }

  /** The checks that could not judge. */
  public List<GoldenResult> inconclusive() {
    return results.stream().filter(GoldenResult::inconclusive).toList();
  }

  public boolean regressed() {
    return !regressions().isEmpty();
  }

  public boolean allPassed() {
    return results.stream().allMatch(GoldenResult::passed);
  }

  /** One result per line, indented, for a failure message. */
  public static String describe(List<GoldenResult> results) {
    StringBuilder text = new StringBuilder();
    results.forEach(r -> text.append(System.lineSeparator()).append("  ").append(r));
    return text.toString();
  }
}
