package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Release;
import io.intelgraph.cutover.session.Phase;
import io.qameta.allure.Allure;
import io.qameta.allure.SeverityLevel;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.util.ResultsUtils;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Files each check in the report: epic {@code Cutover <release>}, feature the phase as the run of
 * show names it ({@code T-15 preflight}), story the runbook section (the phase class's display
 * name); the same three as parent suite, suite and sub-suite, the suite numbered in runbook order
 * ({@code 2 · T-15 preflight}) because Allure sorts suites by name and the report must read like
 * the runbook, T-30 first and the day-3 closeout last; severity {@code blocker} for a {@link
 * Critical} check, {@code critical} for a {@link Blocking} one, {@code normal} otherwise; the
 * release owner; links to the runbook and the release's dashboards; host and object names in the
 * line's name filled in from the environment ({@link RunbookNames}). Done by the wiring, so no
 * check has to repeat it.
 */
final class AllureMetadata {

  private AllureMetadata() {}

  /** The phase as the run of show names it. */
  static String feature(Phase phase) {
    return switch (phase) {
      case BASELINE -> "T-30 baseline";
      case PREFLIGHT -> "T-15 preflight";
      case CANARY -> "T-0 canary";
      case RAMP -> "ramp";
      case GATE -> "T+15/30/60 gate";
      case EVIDENCE -> "T+120 evidence";
      case KPI -> "24 h KPI";
      case CLOSEOUT -> "day 3 closeout";
    };
  }

  /**
   * The phase's suite: its place in the runbook, then its name ({@code 1 · T-30 baseline}). One
   * digit is enough for the eight phases, so sorting by name is sorting by runbook order.
   */
  static String suite(Phase phase) {
    return "%d · %s".formatted(phase.ordinal() + 1, feature(phase));
  }

  static SeverityLevel severity(ExtensionContext check) {
    if (AnnotationSupport.isAnnotated(check.getTestMethod(), Critical.class)
        || AnnotationSupport.isAnnotated(check.getTestClass(), Critical.class)) {
      return SeverityLevel.BLOCKER;
    }
    if (AnnotationSupport.isAnnotated(check.getTestMethod(), Blocking.class)) {
      return SeverityLevel.CRITICAL;
    }
    return SeverityLevel.NORMAL;
  }

  /** The section's name is a template too: "Canary deployment ({cadence.canary_weight}% ...)". */
  static List<Label> labels(ExtensionContext check, Phase phase, Environment environment) {
    return labels(
        RunbookNames.resolve(CutoverExtension.classContext(check).getDisplayName(), environment),
        severity(check),
        phase,
        environment.release());
  }

  /** The labels of a check in runbook section {@code section} (its phase class's display name). */
  static List<Label> labels(String section, SeverityLevel severity, Phase phase, Release release) {
    String cutover = "Cutover " + release.tag();
    List<Label> labels = new ArrayList<>();
    labels.add(ResultsUtils.createEpicLabel(cutover));
    labels.add(ResultsUtils.createFeatureLabel(feature(phase)));
    labels.add(ResultsUtils.createStoryLabel(section));
    labels.add(ResultsUtils.createParentSuiteLabel(cutover));
    labels.add(ResultsUtils.createSuiteLabel(suite(phase)));
    labels.add(ResultsUtils.createSubSuiteLabel(section));
    labels.add(ResultsUtils.createSeverityLabel(severity));
    if (release.owner() != null && !release.owner().isBlank()) {
      labels.add(ResultsUtils.createOwnerLabel(release.owner()));
    }
    labels.add(ResultsUtils.createTagLabel(phase.tag()));
    return labels;
  }

  static List<Link> links(Release release) {
    List<Link> links = new ArrayList<>();
    release.runbook().ifPresent(runbook -> links.add(link("runbook", runbook)));
    release.links().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> links.add(link(entry.getKey(), entry.getValue())));
    return links;
  }

  /** Adds the labels and links to the running Allure test case (a no-op when none is running). */
  static void apply(ExtensionContext check, Phase phase, Environment environment) {
    Release release = environment.release();
    List<Label> labels = labels(check, phase, environment);
    List<Link> links = links(release);
    // New lists rather than edits in place: a thread started inside a check inherits its Allure
    // context, so two checks run by the engine from such a thread (the JUnit engine's own tests
    // do this) update one test case at once, and an in-place edit there is a
    // ConcurrentModificationException that fails a check before it runs.
    Allure.getLifecycle()
        .updateTestCase(
            result -> {
              result.setName(RunbookNames.resolve(result.getName(), environment));
              result.setLabels(merged(result.getLabels(), labels));
              result.setLinks(concat(result.getLinks(), links));
            });
  }

  /** The listener's labels, less those of ours that a test has one of, then ours. */
  static List<Label> merged(List<Label> derived, List<Label> ours) {
    List<Label> labels = new ArrayList<>();
    for (Label label : List.copyOf(derived)) {
      if (ours.stream()
          .noneMatch(mine -> isSingle(mine) && mine.getName().equals(label.getName()))) {
        labels.add(label);
      }
    }
    labels.addAll(ours);
    return labels;
  }

  private static List<Link> concat(List<Link> existing, List<Link> ours) {
    List<Link> links = new ArrayList<>(List.copyOf(existing));
    links.addAll(ours);
    return links;
  }

  /** Labels a test has one of; ours replace any the listener derived. */
  private static boolean isSingle(Label label) {
    return List.of(
            "epic", "feature", "story", "parentSuite", "suite", "subSuite", "severity", "owner")
        .contains(label.getName());
  }

  private static Link link(String name, URI url) {
    return new Link().setName(name).setUrl(url.toString()).setType("link");
  }
}
