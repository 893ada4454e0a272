package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.prometheus.AlertingRules;
import io.intelgraph.cutover.prometheus.PromQlException;
import java.util.Optional;

/**
 * What the rules API answered for a gate with {@code alert_rules}: the loaded alerting rules, or
 * the error. Asked once per evaluation (live) or once per replay (the API has no history).
 */
record RulesAnswer(
    Evidence evidence, Optional<AlertingRules> rules, Optional<PromQlException> error) {

  static RulesAnswer of(AlertingRules rules) {
    return new RulesAnswer(
        new Evidence("rules", AlertingRules.REQUEST, rules.rawJson()),
        Optional.of(rules),
        Optional.empty());
  }

  static RulesAnswer failed(PromQlException e) {
    return new RulesAnswer(
        new Evidence(
            "rules", AlertingRules.REQUEST, e.body().isEmpty() ? e.getMessage() : e.body()),
        Optional.empty(),
        Optional.of(e));
  }
}
