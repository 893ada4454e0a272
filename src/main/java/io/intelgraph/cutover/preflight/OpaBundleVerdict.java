package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.support.Excerpts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "OPA bundle loaded: latest policy hash confirmed", decided: every bundle is activated and the
 * revision OPA answers decisions from is the one the release expects. Any non-blank revision is not
 * a confirmation, so a missing expectation fails as loudly as a wrong revision.
 *
 * <pre>{@code
 * OpaBundleVerdict verdict = OpaBundleVerdict.judge(probe.bundleStatus(path), preflight.opaBundle(), expected);
 * assertThat(verdict.problems()).as(verdict.describe()).isEmpty();
 * }</pre>
 *
 * @param problems why the revision is not confirmed; empty when it is
 * @param revision the revision OPA reports for the compared bundle, when it can be told
 * @param expected what the release expects, when configured
 * @param observed what OPA answered
 */
public record OpaBundleVerdict(
    List<String> problems,
    Optional<String> revision,
    Optional<ExpectedRevision> expected,
    OpaProbe.BundleStatus observed) {

  public OpaBundleVerdict {
    problems = List.copyOf(problems);
  }

  public static OpaBundleVerdict judge(
      OpaProbe.BundleStatus observed,
      Optional<String> bundle,
      Optional<ExpectedRevision> expected) {
    List<String> problems = new ArrayList<>();
    if (expected.isEmpty()) {
      problems.add(
          "the expected bundle revision is not configured, so no revision can be confirmed (any revision is not a confirmed one); set preflight.opa_expected_revision"
              + " (e.g. the policy repository's git sha) or preflight.opa_expected_revision_from (an annotation of a Deployment or ConfigMap)");
    }
    if (!observed.activated()) {
      problems.add(
          "the policy bundles are not activated: GET %s answered HTTP %d %s; check OPA's bundle download and its logs"
              .formatted(
                  observed.health(),
                  observed.healthStatus(),
                  Excerpts.of(observed.healthAnswer())));
    }
    Optional<String> revision = revisionOf(observed, bundle);
    selectionProblem(observed, bundle).ifPresent(problems::add);
    if (revision.isPresent()
        && expected.isPresent()
        && !revision.get().equals(expected.get().revision())) {
      problems.add(
          "OPA answers from bundle revision '%s' but the release expects '%s' (%s); the policy that would judge the canary is not this release's"
              .formatted(revision.get(), expected.get().revision(), expected.get().source()));
    }
    return new OpaBundleVerdict(problems, revision, expected, observed);
  }

  /** The revision of {@code bundle}, or of the only bundle OPA reports when none is named. */
  static Optional<String> revisionOf(OpaProbe.BundleStatus observed, Optional<String> bundle) {
    if (bundle.isPresent()) {
      return Optional.ofNullable(observed.revisions().get(bundle.get())).filter(r -> !r.isBlank());
    }
    return observed.revisions().size() == 1
        ? observed.revisions().values().stream().filter(r -> !r.isBlank()).findFirst()
        : Optional.empty();
  }

  /** Why the compared bundle's revision cannot be told, if it cannot. */
  static Optional<String> selectionProblem(
      OpaProbe.BundleStatus observed, Optional<String> bundle) {
    if (observed.revisions().isEmpty()) {
      return Optional.of(
          "OPA reports no activated bundle revision (GET %s); no policy bundle is loaded"
              .formatted(observed.provenance()));
    }
    if (bundle.isPresent() && !observed.revisions().containsKey(bundle.get())) {
      return Optional.of(
          "OPA reports no bundle '%s' (preflight.opa_bundle), only %s"
              .formatted(bundle.get(), observed.revisions().keySet()));
    }
    if (bundle.isEmpty() && observed.revisions().size() > 1) {
      return Optional.of(
          "OPA reports %d bundles %s; name the one to compare in preflight.opa_bundle"
              .formatted(observed.revisions().size(), observed.revisions().keySet()));
    }
    if (revisionOf(observed, bundle).isEmpty()) {
      return Optional.of(
          "the bundle's manifest has no revision (%s); build the bundle with a revision, e.g. opa build --revision <git sha>"
              .formatted(observed.revisions()));
    }
    return Optional.empty();
  }

  public boolean confirmed() {
    return problems.isEmpty();
  }

  /**
   * One paragraph for the failure message and the evidence: the verdict, both revisions and what
   * OPA answered.
   */
  public String describe() {
    String head =
        confirmed()
            ? "OPA bundle revision confirmed"
            : "OPA bundle revision not confirmed: " + String.join("; ", problems);
    return "%s. Reported revision: %s; expected: %s. %s"
        .formatted(
            head,
            revision.map(r -> "'" + r + "'").orElse("(none)"),
            expected
                .map(e -> "'%s' (%s)".formatted(e.revision(), e.source()))
                .orElse("(not configured)"),
            observed.describe());
  }
}
