package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.prometheus.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A gate with {@code group_by} judged one group at a time: the groups are every label value the
 * value or the traffic question answered; a group with fewer than {@code min_traffic} requests
 * (none counted is 0) is not judged, every other one is judged on the gate's threshold on its own.
 * Pure, shared by live checks and replay through {@link OutcomeClassifier}.
 *
 * <pre>{@code
 * GroupJudgement j = GroupJudgement.of(values, Optional.of(traffic), threshold, 20);
 * j.breached(); // [route="/api/health" 23.5 % (40 requests)]
 * }</pre>
 *
 * <p>Design note: fail closed per group as per gate: a judged group whose value is missing (the
 * numerator had no series and the query did not make that 0) or NaN is unjudgeable, never a pass;
 * +/-Inf is a breach. Without a traffic question every group the value answered is judged.
 *
 * @param breached the judged groups outside the threshold, worst first
 * @param unjudgeable the groups with enough traffic but no finite-or-infinite value (absent or NaN)
 * @param passed the judged groups within the threshold, worst first
 * @param tooLittleTraffic the groups with fewer requests than min_traffic, busiest first
 */
record GroupJudgement(
    List<Group> breached,
    List<Group> unjudgeable,
    List<Group> passed,
    List<Group> tooLittleTraffic) {

  /** Breached or passing groups named in a detail at most; the rest are counted. */
  static final int NAMED = 5;

  /** One group: its key ({@code route="/graphql"}), its value and the requests behind it. */
  record Group(String key, OptionalDouble value, OptionalDouble traffic) {
    String describe(Unit unit) {
      String shown =
          value.isEmpty()
              ? "no value"
              : Double.isInfinite(value.getAsDouble())
                  ? (value.getAsDouble() > 0 ? "+Inf" : "-Inf")
                  : unit.format(value.getAsDouble());
      return key
          + " "
          + shown
          + traffic.stream()
              .mapToObj(t -> " (" + Unit.COUNT.format(t) + " requests)")
              .findFirst()
              .orElse("");
    }
  }

  GroupJudgement {
    breached = List.copyOf(breached);
    unjudgeable = List.copyOf(unjudgeable);
    passed = List.copyOf(passed);
    tooLittleTraffic = List.copyOf(tooLittleTraffic);
  }

  static GroupJudgement of(
      Map<String, Sample> values,
      Optional<Map<String, Sample>> traffic,
      Threshold threshold,
      double minTraffic) {
    Set<String> keys = new LinkedHashSet<>(values.keySet());
    traffic.ifPresent(t -> keys.addAll(t.keySet()));
    List<Group> breached = new ArrayList<>();
    List<Group> unjudgeable = new ArrayList<>();
    List<Group> passed = new ArrayList<>();
    List<Group> low = new ArrayList<>();
    for (String key : keys) {
      OptionalDouble value =
          Optional.ofNullable(values.get(key))
              .map(s -> OptionalDouble.of(s.value()))
              .orElse(OptionalDouble.empty());
      OptionalDouble requests =
          traffic
              .map(
                  t ->
                      Optional.ofNullable(t.get(key))
                          .map(Sample::value)
                          .filter(v -> !Double.isNaN(v))
                          .map(OptionalDouble::of)
                          .orElse(OptionalDouble.of(0)))
              .orElse(OptionalDouble.empty());
      if (requests.isPresent() && requests.getAsDouble() < minTraffic) {
        low.add(new Group(key, value, requests));
        continue;
      }
      if (value.isEmpty() || Double.isNaN(value.getAsDouble())) {
        unjudgeable.add(new Group(key, OptionalDouble.empty(), requests));
      } else if (Double.isInfinite(value.getAsDouble())
          || !threshold.isMetBy(value.getAsDouble())) {
        breached.add(new Group(key, value, requests));
      } else {
        passed.add(new Group(key, value, requests));
      }
    }
    Comparator<Group> worstFirst = worstFirst(threshold.comparison());
    breached.sort(worstFirst);
    passed.sort(worstFirst);
    low.sort(
        Comparator.comparingDouble((Group g) -> g.traffic().orElse(0))
            .reversed()
            .thenComparing(Group::key));
    return new GroupJudgement(breached, unjudgeable, passed, low);
  }

  /** Groups judged on the threshold (breached or passed). */
  int judged() {
    return breached.size() + passed.size();
  }

  /** The judged group furthest on the wrong side: the gate's value. */
  Optional<Group> worst() {
    return !breached.isEmpty() ? Optional.of(breached.get(0)) : passed.stream().findFirst();
  }

  /** Requests over every group, when the gate counts them. */
  OptionalDouble totalTraffic() {
    List<Group> all = new ArrayList<>(breached);
    all.addAll(unjudgeable);
    all.addAll(passed);
    all.addAll(tooLittleTraffic);
    // a gate without traffic_query counts no requests in any group
    if (all.isEmpty() || all.get(0).traffic().isEmpty()) return OptionalDouble.empty();
    return OptionalDouble.of(all.stream().mapToDouble(g -> g.traffic().getAsDouble()).sum());
  }

  /** {@code a, b, c and 4 more}: the first {@link #NAMED} groups described. */
  static String named(List<Group> groups, Unit unit) {
    List<String> shown = groups.stream().limit(NAMED).map(g -> g.describe(unit)).toList();
    String text = String.join(", ", shown);
    return groups.size() > NAMED ? text + " and %d more".formatted(groups.size() - NAMED) : text;
  }

  /** Higher is worse for an upper bound, lower for a lower bound; infinities are worst. */
  private static Comparator<Group> worstFirst(Comparison comparison) {
    boolean upper = comparison == Comparison.AT_MOST || comparison == Comparison.LESS_THAN;
    Comparator<Group> byValue =
        Comparator.comparingDouble(
            (Group g) -> {
              double v = g.value().getAsDouble();
              if (Double.isInfinite(v)) return Double.NEGATIVE_INFINITY;
              return upper ? -v : v;
            });
    return byValue.thenComparing(Group::key);
  }
}
