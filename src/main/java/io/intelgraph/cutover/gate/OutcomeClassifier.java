package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.prometheus.AlertingRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns the answers for one gate at one time into an outcome. Pure, shared by live evaluation and
 * replay.
 *
 * <p>Design note: the checks run in a fixed order and the first that fails decides, so the outcome
 * names the most basic problem: ERROR (any question unanswered) before NO_DATA (nothing to judge)
 * before STALE (judging old data) before LOW_SAMPLE (too little to judge) before BREACH.
 *
 * <ul>
 *   <li>NaN is NO_DATA: Prometheus produces it for 0/0 and for quantiles of empty histograms, i.e.
 *       there was nothing to measure.
 *   <li>+/-Inf is a BREACH, never a pass: histogram_quantile returns +Inf when the quantile lies
 *       beyond the largest finite bucket (slower than anything the histogram can express), and x/0
 *       with x &gt; 0 is not a healthy ratio; it is compared with nothing.
 *   <li>A relative limit ({@code max_above_baseline}) with no usable baseline is ERROR: the limit
 *       cannot be checked, and an unchecked limit must not pass. While the baseline itself is being
 *       taken (T-30) there is nothing to compare with: the absolute threshold alone judges, and the
 *       detail says the relative limit was not applied.
 *   <li>A gate on alerting rules ({@code alert_rules}) counts firing alerts, where no series means
 *       none firing only if the rules exist: no matching rule loaded is NO_DATA, a rule that fails
 *       to evaluate is ERROR, a rule not evaluated within max_staleness before the evaluation time
 *       is STALE, and a gate whose rules were not asked is ERROR. A BREACH names the firing alerts.
 *   <li>A gate with {@code group_by} is judged per label value after the same ERROR, NO_DATA and
 *       STALE checks ({@link GroupJudgement}): BREACH (any judged group) before NO_DATA (a judged
 *       group without a value) before LOW_SAMPLE (no group with min_traffic), so a broken group is
 *       never hidden behind a quiet one.
 * </ul>
 */
final class OutcomeClassifier {

  private OutcomeClassifier() {}

  static GateEvaluation classify(
      Gate gate,
      Instant at,
      Answer value,
      Optional<Answer> traffic,
      Answer freshness,
      Baselines baselines) {
    return classify(gate, at, value, traffic, freshness, Optional.empty(), baselines);
  }

  static GateEvaluation classify(
      Gate gate,
      Instant at,
      Answer value,
      Optional<Answer> traffic,
      Answer freshness,
      Optional<RulesAnswer> rules,
      Baselines baselines) {
    GateSpec spec = gate.spec();
    Threshold threshold = spec.threshold();
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(value.evidence());
    traffic.ifPresent(t -> evidence.add(t.evidence()));
    evidence.add(freshness.evidence());
    rules.ifPresent(r -> evidence.add(r.evidence()));
    // concatenation, not String.format, on the path every evaluation takes: replay runs it for
    // every gate at every step
    String what = spec.description() + " (" + gate.scope().label() + ")";
    Result r = new Result(gate, at, threshold, evidence);

    for (Answer answer : answers(value, traffic, freshness)) {
      if (answer.error().isPresent()) {
        return r.outcome(Outcome.ERROR)
            .detail(
                "%s could not be evaluated at %s: %s (%s)"
                    .formatted(
                        what, at, answer.error().get().getMessage(), answer.error().get().kind()));
      }
    }
    if (rules.isPresent() && rules.get().error().isPresent()) {
      return r.outcome(Outcome.ERROR)
          .detail(
              "%s could not be evaluated at %s: %s (%s)"
                  .formatted(
                      what,
                      at,
                      rules.get().error().get().getMessage(),
                      rules.get().error().get().kind()));
    }
    List<AlertingRules.Rule> alertRules = List.of();
    if (spec.alertRules().isPresent()) {
      String regex = spec.alertRules().get();
      if (rules.isEmpty()) {
        return r.outcome(Outcome.ERROR)
            .detail(
                "%s cannot be judged at %s: the alerting rules matching '%s' were not asked (%s), so no alert firing proves nothing"
                    .formatted(what, at, regex, AlertingRules.REQUEST));
      }
      alertRules = rules.get().rules().orElseThrow().matching(regex);
      if (alertRules.isEmpty()) {
        return r.outcome(Outcome.NO_DATA)
            .detail(
                "%s has no data at %s: no alerting rule matching '%s' is loaded in Prometheus (%s), so no alert firing proves nothing; load the rules or fix gates.%s.alert_rules"
                    .formatted(what, at, regex, AlertingRules.REQUEST, spec.name()));
      }
      for (AlertingRules.Rule rule : alertRules) {
        if ("err".equals(rule.health())) {
          return r.outcome(Outcome.ERROR)
              .detail(
                  "%s could not be evaluated at %s: alerting rule %s (group %s) fails to evaluate: %s"
                      .formatted(
                          what,
                          at,
                          rule.name(),
                          rule.group(),
                          rule.lastError().orElse("no lastError given")));
        }
        Instant oldest = at.minus(spec.maxStaleness());
        if (rule.lastEvaluation().isEmpty() || rule.lastEvaluation().get().isBefore(oldest)) {
          return r.outcome(Outcome.STALE)
              .detail(
                  "%s is stale at %s: alerting rule %s (group %s) was last evaluated %s, not within the last %s (max_staleness)"
                      .formatted(
                          what,
                          at,
                          rule.name(),
                          rule.group(),
                          rule.lastEvaluation().map(Instant::toString).orElse("never"),
                          Durations.human(spec.maxStaleness())));
        }
      }
    }
    if (spec.grouped()) return groups(r, what, spec, at, value, traffic, freshness);
    OptionalDouble trafficCount =
        traffic
            .map(
                t ->
                    t.sample()
                        .filter(s -> !Double.isNaN(s.value()))
                        .map(s -> OptionalDouble.of(s.value()))
                        .orElse(OptionalDouble.of(0)))
            .orElse(OptionalDouble.empty());
    r.traffic = trafficCount;
    r.freshSamples =
        freshness
            .sample()
            .filter(s -> Double.isFinite(s.value()))
            .map(s -> OptionalDouble.of(s.value()))
            .orElse(OptionalDouble.empty());

    if (value.sample().isEmpty()) {
      return r.outcome(Outcome.NO_DATA)
          .detail("%s has no data at %s: the query returned an empty vector".formatted(what, at));
    }
    double v = value.sample().get().value();
    r.value = OptionalDouble.of(v);
    if (Double.isNaN(v)) {
      return r.outcome(Outcome.NO_DATA)
          .detail(
              "%s is NaN at %s: nothing was measured in the window (0/0 or an empty histogram)"
                  .formatted(what, at));
    }
    if (r.freshSamples.isEmpty() || !(r.freshSamples.getAsDouble() > 0)) {
      return r.outcome(Outcome.STALE)
          .detail(
              "%s is stale at %s: no raw sample behind it in the last %s (max_staleness)"
                  .formatted(what, at, Durations.human(spec.maxStaleness())));
    }
    if (trafficCount.isPresent() && trafficCount.getAsDouble() < spec.minTraffic()) {
      return r.outcome(Outcome.LOW_SAMPLE)
          .detail(
              "%s has too little traffic at %s: %s requests in the window, fewer than min_traffic %s"
                  .formatted(
                      what,
                      at,
                      Unit.COUNT.format(trafficCount.getAsDouble()),
                      Unit.COUNT.format(spec.minTraffic())));
    }
    if (Double.isInfinite(v)) {
      return r.outcome(Outcome.BREACH)
          .detail(
              "%s is %s at %s, outside any finite bound (%s): beyond the largest histogram bucket or a division by zero"
                  .formatted(what, v > 0 ? "+Inf" : "-Inf", at, threshold));
    }
    if (!threshold.isMetBy(v)) {
      return r.outcome(Outcome.BREACH)
          .detail(
              "%s %s %s %s at %s%s"
                  .formatted(
                      what,
                      threshold.unit().format(v),
                      violated(threshold.comparison()),
                      threshold.unit().format(threshold.limit()),
                      at,
                      firing(spec, alertRules)));
    }
    String relative = "";
    if (spec.maxAboveBaseline().isPresent()) {
      double ratio = spec.maxAboveBaseline().get();
      if (baselines.beingTaken()) {
        relative =
            "; max_above_baseline %s not applied: this evaluation takes the baseline, so it is judged on its absolute threshold only"
                .formatted(Unit.RATIO.format(ratio));
      } else {
        Optional<Baselines.Measured> measured = baselines.measured(spec.name());
        if (measured.isEmpty()) {
          return r.outcome(Outcome.ERROR)
              .detail(
                  "%s %s meets %s at %s but cannot be judged against its baseline: max_above_baseline %s is set and %s; %s"
                      .formatted(
                          what,
                          threshold.unit().format(v),
                          threshold,
                          at,
                          Unit.RATIO.format(ratio),
                          baselines.whyMissing(spec.name()),
                          baselines.remedy()));
        }
        BaselineLimit limit = BaselineLimit.of(measured.get(), ratio);
        r.baseline = Optional.of(limit);
        if (v > limit.limit()) {
          return r.outcome(Outcome.BREACH)
              .detail(
                  "%s %s > %s at %s: more than %s above the baseline %s (%s)"
                      .formatted(
                          what,
                          threshold.unit().format(v),
                          threshold.unit().format(limit.limit()),
                          at,
                          Unit.RATIO.format(ratio),
                          threshold.unit().format(limit.baseline()),
                          limit.provenance()));
        }
        relative = " and <= baseline limit " + limit.describe(threshold.unit());
      }
    }
    return r.outcome(Outcome.PASS)
        .detail(
            what
                + " "
                + threshold.unit().format(v)
                + " "
                + threshold.comparison().symbol()
                + " "
                + threshold.unit().format(threshold.limit())
                + " at "
                + text(at)
                + relative);
  }

  /**
   * A gate with {@code group_by}, after the questions were answered: NO_DATA when the value
   * answered no group, STALE as for one number, then each group with min_traffic judged on its own
   * ({@link GroupJudgement}): any breaching group is a BREACH naming them, else a judged group
   * without a value is NO_DATA naming it, else no group judged is LOW_SAMPLE, else PASS. The value
   * is the worst judged group's, the traffic the sum over all groups.
   */
  private static GateEvaluation groups(
      Result r,
      String what,
      GateSpec spec,
      Instant at,
      Answer value,
      Optional<Answer> traffic,
      Answer freshness) {
    Threshold threshold = spec.threshold();
    Unit unit = threshold.unit();
    String by = String.join(", ", spec.groupBy());
    r.freshSamples =
        freshness
            .sample()
            .filter(s -> Double.isFinite(s.value()))
            .map(s -> OptionalDouble.of(s.value()))
            .orElse(OptionalDouble.empty());
    GroupJudgement groups =
        GroupJudgement.of(
            value.groups(), traffic.map(Answer::groups), threshold, spec.minTraffic());
    r.traffic = groups.totalTraffic();
    if (traffic.isPresent() && r.traffic.isEmpty()) r.traffic = OptionalDouble.of(0);
    if (value.groups().isEmpty()) {
      return r.outcome(Outcome.NO_DATA)
          .detail(
              "%s has no data at %s: the query returned an empty vector, no group by %s"
                  .formatted(what, at, by));
    }
    if (r.freshSamples.isEmpty() || !(r.freshSamples.getAsDouble() > 0)) {
      return r.outcome(Outcome.STALE)
          .detail(
              "%s is stale at %s: no raw sample behind it in the last %s (max_staleness)"
                  .formatted(what, at, Durations.human(spec.maxStaleness())));
    }
    groups.worst().ifPresent(w -> r.value = w.value());
    String little =
        groups.tooLittleTraffic().isEmpty()
            ? ""
            : "; %d %s too little traffic to judge (fewer than min_traffic %s requests)"
                .formatted(
                    groups.tooLittleTraffic().size(),
                    groups.tooLittleTraffic().size() == 1 ? "group had" : "groups had",
                    Unit.COUNT.format(spec.minTraffic()));
    if (!groups.breached().isEmpty()) {
      return r.outcome(Outcome.BREACH)
          .detail(
              "%s breaches in %d of %d groups by %s judged at %s: %s %s %s%s"
                  .formatted(
                      what,
                      groups.breached().size(),
                      groups.judged(),
                      by,
                      at,
                      GroupJudgement.named(groups.breached(), unit),
                      violated(threshold.comparison()),
                      unit.format(threshold.limit()),
                      little));
    }
    if (!groups.unjudgeable().isEmpty()) {
      return r.outcome(Outcome.NO_DATA)
          .detail(
              "%s has no value at %s for %d group(s) by %s with enough traffic: %s; a group's missing value is never a pass: make the query answer every group with traffic (e.g. `or 0 * sum by ({{group_by}}) (...)` for a ratio's numerator)%s"
                  .formatted(
                      what,
                      at,
                      groups.unjudgeable().size(),
                      by,
                      GroupJudgement.named(groups.unjudgeable(), unit),
                      little));
    }
    if (groups.judged() == 0) {
      return r.outcome(Outcome.LOW_SAMPLE)
          .detail(
              "%s has too little traffic at %s in every group by %s: %d %s, the busiest %s, fewer than min_traffic %s"
                  .formatted(
                      what,
                      at,
                      by,
                      groups.tooLittleTraffic().size(),
                      groups.tooLittleTraffic().size() == 1 ? "group" : "groups",
                      groups.tooLittleTraffic().get(0).key()
                          + " with "
                          + Unit.COUNT.format(groups.tooLittleTraffic().get(0).traffic().orElse(0))
                          + " requests",
                      Unit.COUNT.format(spec.minTraffic())));
    }
    GroupJudgement.Group worst = groups.worst().orElseThrow();
    return r.outcome(Outcome.PASS)
        .detail(
            "%s: %d of %d groups by %s judged at %s, each %s %s, the worst %s%s"
                .formatted(
                    what,
                    groups.judged(),
                    groups.judged() + groups.tooLittleTraffic().size(),
                    by,
                    at,
                    threshold.comparison().symbol(),
                    unit.format(threshold.limit()),
                    worst.describe(unit),
                    little));
  }

  private static List<Answer> answers(Answer value, Optional<Answer> traffic, Answer freshness) {
    List<Answer> all = new ArrayList<>(3);
    all.add(value);
    traffic.ifPresent(all::add);
    all.add(freshness);
    return all;
  }

  /** "; firing: A{severity="page"}, B{...}" for a gate on alerting rules, else nothing. */
  private static String firing(GateSpec spec, List<AlertingRules.Rule> rules) {
    if (spec.alertRules().isEmpty()) return "";
    List<String> firing = rules.stream().flatMap(rule -> rule.describeFiring().stream()).toList();
    // in a replay the rules API shows today's alerts, not those of the time judged
    return firing.isEmpty()
        ? "; none of the rules fires now (%s)".formatted(AlertingRules.REQUEST)
        : "; firing: " + String.join(", ", firing);
  }

  /** The symbol that holds when the comparison does not: a breach of "<= 350 ms" is "> 350 ms". */
  /** The last evaluation time written, with its text. */
  private record Stamp(Instant at, String text) {}

  private static volatile Stamp lastStamp = new Stamp(Instant.EPOCH, Instant.EPOCH.toString());

  /**
   * {@code at.toString()}, kept for the next gate judged at the same time: a check or a replay step
   * judges every gate at one instant, and formatting an Instant costs more than the rest of a PASS
   * detail.
   */
  private static String text(Instant at) {
    Stamp last = lastStamp;
    if (last.at().equals(at)) return last.text();
    String text = at.toString();
    lastStamp = new Stamp(at, text);
    return text;
  }

  static String violated(Comparison comparison) {
    return switch (comparison) {
      case AT_MOST -> ">";
      case LESS_THAN -> ">=";
      case AT_LEAST -> "<";
      case GREATER_THAN -> "<=";
    };
  }

  /** Collects the parts of one evaluation; the last call ({@code detail}) builds the record. */
  private static final class Result {
    private final Gate gate;
    private final Instant at;
    private final Threshold threshold;
    private final List<Evidence> evidence;
    private Outcome outcome;
    private OptionalDouble value = OptionalDouble.empty();
    private Optional<BaselineLimit> baseline = Optional.empty();
    private OptionalDouble traffic = OptionalDouble.empty();
    private OptionalDouble freshSamples = OptionalDouble.empty();

    Result(Gate gate, Instant at, Threshold threshold, List<Evidence> evidence) {
      this.gate = gate;
      this.at = at;
      this.threshold = threshold;
      this.evidence = evidence;
    }

    Result outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    GateEvaluation detail(String detail) {
      return new GateEvaluation(
          gate.name(),
          gate.scope(),
          gate.critical(),
          at,
          outcome,
          value,
          threshold,
          baseline.map(b -> OptionalDouble.of(b.limit())).orElse(OptionalDouble.empty()),
          traffic,
          freshSamples,
          detail,
          evidence,
          baseline,
          Optional.empty(),
          gate.shadow());
    }
  }
}
