package io.intelgraph.cutover.prometheus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One labelled series of an answer: a single sample for an instant vector or a scalar, the samples
 * of each step for a range query (oldest first; steps without data are simply absent).
 */
public record Series(Map<String, String> labels, List<Sample> samples) {
  public Series {
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    samples = List.copyOf(samples);
  }

  /** The sample stamped exactly {@code at}, as range queries stamp each step. */
  public Optional<Sample> at(java.time.Instant at) {
    int low = 0;
    int high = samples.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = samples.get(mid).timestamp().compareTo(at);
      if (c == 0) return Optional.of(samples.get(mid));
      if (c < 0) low = mid + 1;
      else high = mid - 1;
    }
    return Optional.empty();
  }

  /** {@code {track="canary"}} as PromQL prints it. */
  public String labelText() {
    return labelText(labels);
  }

  /** {@code labels} as PromQL prints them: {@code {track="canary"}}. */
  static String labelText(Map<String, String> labels) {
    StringBuilder text = new StringBuilder("{");
    labels.forEach(
        (k, v) ->
            text.append(text.length() > 1 ? ", " : "")
                .append(k)
                .append("=\"")
                .append(v)
                .append('"'));
    return text.append('}').toString();
  }
}
