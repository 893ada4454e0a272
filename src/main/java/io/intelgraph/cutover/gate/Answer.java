package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.Sample;
import java.util.Optional;

/**
 * What one question produced for one evaluation time: a sample, nothing (empty), or an error. Live
 * evaluation and replay both reduce to this, so they share one {@link OutcomeClassifier}.
 */
record Answer(Evidence evidence, Optional<Sample> sample, Optional<PromQlException> error) {

  static Answer of(String role, QueryResult result) {
    try {
      return new Answer(
          new Evidence(role, result.query(), result.rawJson()),
          result.singleSample(),
          Optional.empty());
    } catch (PromQlException e) {
      return failed(role, e.query(), e, result.rawJson());
    }
  }

  static Answer failed(String role, String query, PromQlException e, String raw) {
    return new Answer(
        new Evidence(role, query, raw.isEmpty() ? e.getMessage() : raw),
        Optional.empty(),
        Optional.of(e));
  }
}
