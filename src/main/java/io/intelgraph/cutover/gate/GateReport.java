package io.intelgraph.cutover.gate;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One gate check as {@link GateCheckRun#check} made it: what every gate saw, the verdict on each
 * over its whole history (this check included) and the release verdict.
 *
 * <pre>{@code
 * GateReport report = run.check(Scope.CANARY);
 * report.verdict("api_p95").verdict(); // GREEN
 * }</pre>
 *
 * @param phase the phase tag the check was made under, e.g. {@code ramp}
 * @param number this check's number within its phase, 1 for the first
 * @param at the instant every gate was evaluated at
 * @param switchedOff the gates not evaluated because they are switched off ({@code
 *     gates.<name>.enabled: false}), each with the configuration source that did it
 */
public record GateReport(
    String phase,
    int number,
    Scope scope,
    Instant at,
    List<GateEvaluation> evaluations,
    List<GateVerdict> verdicts,
    ReleaseVerdict release,
    Map<String, String> switchedOff) {

  /** A report of an environment with every gate switched on. */
  public GateReport(
      String phase,
      int number,
      Scope scope,
      Instant at,
      List<GateEvaluation> evaluations,
      List<GateVerdict> verdicts,
      ReleaseVerdict release) {
    this(phase, number, scope, at, evaluations, verdicts, release, Map.of());
  }

  public GateReport {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(at, "at");
    evaluations = List.copyOf(evaluations);
    verdicts = List.copyOf(verdicts);
    Objects.requireNonNull(release, "release");
    switchedOff = Collections.unmodifiableMap(new LinkedHashMap<>(switchedOff));
    if (number < 1) throw new IllegalArgumentException("a check number starts at 1, got " + number);
    if (evaluations.size() != verdicts.size()) {
      throw new IllegalArgumentException(
          "a report needs one verdict per evaluation: %d evaluations, %d verdicts"
              .formatted(evaluations.size(), verdicts.size()));
    }
  }

  public Verdict verdict() {
    return release.verdict();
  }

  /** The verdict on one gate; the message names the gates this check has. */
  public GateVerdict verdict(String gate) {
    return verdicts.stream()
        .filter(v -> v.gate().equals(gate))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "gate '%s' was not part of check %s #%d%s; it had %s"
                        .formatted(
                            gate,
                            phase,
                            number,
                            switchedOff.containsKey(gate)
                                ? ": it is switched off by %s (gates.%s.enabled: false)"
                                    .formatted(switchedOff.get(gate), gate)
                                : "",
                            verdicts.stream().map(GateVerdict::gate).toList())));
  }

  /**
   * One line for progress output: "ramp #2 at ...: YELLOW (api_p95 YELLOW streak 1, others GREEN)";
   * a shadow gate that is not GREEN shows as "shadow api_p95_tight RED streak 2", never deciding.
   */
  public String summary() {
    String notGreen =
        verdicts.stream()
            .filter(v -> v.verdict() != Verdict.GREEN)
            .map(
                v ->
                    "%s%s %s streak %d"
                        .formatted(v.shadow() ? "shadow " : "", v.gate(), v.verdict(), v.streak()))
            .collect(Collectors.joining(", "));
    return "%s check #%d (%s) at %s: %s%s"
        .formatted(
            phase,
            number,
            scope.label(),
            at,
            release.verdict(),
            notGreen.isEmpty() ? "" : " (" + notGreen + ")");
  }

  /**
   * Why the check is not GREEN, as a person can act on it: the phase, number, scope, time and
   * verdict, then each gate with that verdict (rule, value against threshold at time, streak,
   * query), then each shadow gate that is not GREEN, named as not judging the release.
   */
  public String reason() {
    Verdict verdict = verdict();
    String gates =
        verdicts.stream()
            .filter(v -> !v.shadow() && v.verdict() == verdict)
            .map(GateVerdict::describe)
            .collect(Collectors.joining("; "));
    String shadows =
        verdicts.stream()
            .filter(v -> v.shadow() && v.verdict() != Verdict.GREEN)
            .map(GateVerdict::describe)
            .collect(Collectors.joining("; "));
    return "%s check #%d (%s) at %s is %s: %s%s"
        .formatted(
            phase,
            number,
            scope.label(),
            at,
            verdict,
            gates,
            shadows.isEmpty() ? "" : "; not judging the release: " + shadows);
  }
}
