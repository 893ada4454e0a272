package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.config.Threshold;
import java.util.List;
import java.util.Optional;

/**
 * Judges a canary evaluation against the stable track ({@code compare_with_stable}). Pure, shared
 * by live evaluation and replay.
 *
 * <p>Design note: it runs after {@link OutcomeClassifier}, and only on a PASS: the absolute
 * threshold and the baseline limit are judged first, so a failure names the most basic rule that
 * failed. Then, fail closed: an unanswered stable or range question is ERROR, a stable track with
 * nothing to compare with is NO_DATA, too few samples is LOW_SAMPLE, a regression is a BREACH; only
 * a comparison that was made and found the canary within stable keeps the PASS.
 */
final class VersusStableClassifier {

  static final String STABLE_VALUE = "stable value";
  static final String CANARY_SAMPLES = "canary samples";
  static final String STABLE_SAMPLES = "stable samples";

  private VersusStableClassifier() {}

  static GateEvaluation judge(
      Gate gate,
      GateEvaluation evaluation,
      Answer stable,
      StableSamples canarySamples,
      StableSamples stableSamples) {
    if (!evaluation.passed() || gate.versusStable().isEmpty()) return evaluation;
    StableComparisonSpec rule = gate.spec().compareWithStable().orElseThrow();
    Threshold threshold = evaluation.threshold();
    List<Evidence> extra =
        List.of(stable.evidence(), canarySamples.evidence(), stableSamples.evidence());
    String passed =
        "%s (canary) %s %s %s at %s"
            .formatted(
                gate.spec().description(),
                threshold.unit().format(evaluation.value().getAsDouble()),
                threshold.comparison().symbol(),
                threshold.unit().format(threshold.limit()),
                evaluation.evaluatedAt());
    String where = "gates.%s.compare_with_stable".formatted(gate.name());
    for (var error : List.of(stable.error(), canarySamples.error(), stableSamples.error())) {
      if (error.isPresent()) {
        return evaluation.withComparison(
            Outcome.ERROR,
            "%s meets its absolute threshold but cannot be compared with stable (%s): %s (%s)"
                .formatted(passed, where, error.get().getMessage(), error.get().kind()),
            extra,
            Optional.empty());
      }
    }
    if (stable.sample().isEmpty() || Double.isNaN(stable.sample().get().value())) {
      return evaluation.withComparison(
          Outcome.NO_DATA,
          "%s meets its absolute threshold but cannot be compared with stable (%s): the stable track's query '%s' has no value at %s"
              .formatted(
                  passed, where, gate.versusStable().get().stableQuery(), evaluation.evaluatedAt()),
          extra,
          Optional.empty());
    }
    StableComparison.Judgement judgement =
        new StableComparison(rule, threshold.comparison(), threshold.unit())
            .judge(
                evaluation.value().getAsDouble(),
                stable.sample().get().value(),
                canarySamples.values(),
                stableSamples.values());
    return switch (judgement.result()) {
      case LOW_SAMPLE ->
          evaluation.withComparison(
              Outcome.LOW_SAMPLE,
              "%s meets its absolute threshold, but %s: %s"
                  .formatted(passed, where, judgement.detail()),
              extra,
              Optional.of(judgement));
      case REGRESSION ->
          evaluation.withComparison(
              Outcome.BREACH,
              "%s meets its absolute threshold but fails the comparison with stable (%s): %s"
                  .formatted(passed, where, judgement.detail()),
              extra,
              Optional.of(judgement));
      case WITHIN ->
          evaluation.withComparison(
              Outcome.PASS,
              "%s; %s".formatted(evaluation.detail(), judgement.detail()),
              extra,
              Optional.of(judgement));
    };
  }
}
