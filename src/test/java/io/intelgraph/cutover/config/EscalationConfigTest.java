package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code escalation.*}: the clock by default, a person only when asked for, bounded, by a role. */
class EscalationConfigTest {

  static Environment load(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    return new EnvironmentLoader(all, Map.of("LEAD_KEY", "{}"), Path.of("target/no-such-dir"))
        .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
        .load();
  }

  static Map<String, String> approval(String timeout, String roles) {
    return Map.of(
        "cutover.escalation.decide",
        "approval",
        "cutover.escalation.decision_timeout",
        timeout,
        "cutover.escalation.roles",
        roles,
        "cutover.closeout.approvals.roles.platform-lead.public_key.env",
        "LEAD_KEY");
  }

  @Test
  void byDefaultTheClockDecidesAsItAlwaysDid() {
    Escalation escalation = load(Map.of()).escalation();

    assertThat(escalation.decide()).isEqualTo(Escalation.Decide.CLOCK);
    assertThat(escalation.byApproval()).isFalse();
    assertThat(escalation.decisionTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(escalation.roles()).isEmpty();
  }

  @Test
  void approvalByAConfiguredRoleBinds() {
    Escalation escalation = load(approval("3m", "platform-lead")).escalation();

    assertThat(escalation.byApproval()).isTrue();
    assertThat(escalation.decisionTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(escalation.roles()).containsExactly("platform-lead");
  }

  @Test
  void aTimeoutMustBePositiveAndAtMostAnHour() {
    for (String timeout : List.of("0s", "2h")) {
      assertThatThrownBy(() -> load(approval(timeout, "platform-lead")))
          .as("decision_timeout %s", timeout)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("`escalation`")
          .hasMessageContaining(
              "decision_timeout must be positive and at most 1h (a waiting canary is unjudged), e.g. 10m");
    }
  }

  @Test
  void approvalWithoutRolesNamesTheFix() {
    assertThatThrownBy(() -> load(Map.of("cutover.escalation.decide", "approval")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "decide: approval needs the roles allowed to decide, e.g. roles: [platform-lead]");
  }

  @Test
  void aRoleWithoutAPublicKeyInTheApprovalsIsRefused() {
    assertThatThrownBy(() -> load(approval("3m", "cto")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "escalation.roles lists 'cto', which closeout.approvals.roles does not ([platform-lead])");
  }

  @Test
  void anUnknownDeciderNamesTheChoices() {
    assertThatThrownBy(() -> load(Map.of("cutover.escalation.decide", "vote")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("escalation.decide")
        .hasMessageContaining("clock")
        .hasMessageContaining("approval");
  }
}
