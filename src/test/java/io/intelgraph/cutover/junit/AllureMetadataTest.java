package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.intelgraph.cutover.config.Release;
import io.intelgraph.cutover.session.Phase;
import io.qameta.allure.SeverityLevel;
import io.qameta.allure.model.Label;
import io.qameta.allure.util.ResultsUtils;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllureMetadataTest {

  private static final Release RELEASE = new Release("v1.2.3", "sre", Optional.empty(), Map.of());

  @Test
  void suitesSortedByNameReadInRunbookOrder() {
    List<String> runbookOrder = Arrays.stream(Phase.values()).map(AllureMetadata::suite).toList();

    assertThat(runbookOrder.stream().sorted().toList())
        .as("Allure sorts suites by name; sorted, they must still read T-30 first, closeout last")
        .containsExactlyElementsOf(runbookOrder);
    assertThat(runbookOrder)
        .startsWith("1 · T-30 baseline", "2 · T-15 preflight", "3 · T-0 canary")
        .endsWith("8 · day 3 closeout");
  }

  @Test
  void aCheckIsFiledUnderTheCutoverItsPhaseAndItsSection() {
    List<Label> labels =
        AllureMetadata.labels(
            "T+120: evidence collection", SeverityLevel.NORMAL, Phase.EVIDENCE, RELEASE);

    assertThat(labels)
        .extracting(Label::getName, Label::getValue)
        .as("suite labels of a T+120 check")
        .contains(
            tuple("parentSuite", "Cutover v1.2.3"),
            tuple("suite", "6 · T+120 evidence"),
            tuple("subSuite", "T+120: evidence collection"),
            tuple("epic", "Cutover v1.2.3"),
            tuple("feature", "T+120 evidence"),
            tuple("story", "T+120: evidence collection"));
  }

  @Test
  void ourSuiteLabelsReplaceTheListenersOwnAndKeepTheRest() {
    List<Label> derived =
        List.of(
            ResultsUtils.createSuiteLabel("T120EvidenceTest"),
            ResultsUtils.createParentSuiteLabel("io.intelgraph.cutover.runofshow"),
            ResultsUtils.createHostLabel(),
            ResultsUtils.createTagLabel("smoke"));
    List<Label> ours =
        AllureMetadata.labels("T-30: baselines", SeverityLevel.BLOCKER, Phase.BASELINE, RELEASE);

    List<Label> merged = AllureMetadata.merged(derived, ours);

    assertThat(merged)
        .filteredOn(label -> label.getName().equals("suite"))
        .extracting(Label::getValue)
        .as("one suite label, ours")
        .containsExactly("1 · T-30 baseline");
    assertThat(merged)
        .filteredOn(label -> label.getName().equals("parentSuite"))
        .extracting(Label::getValue)
        .containsExactly("Cutover v1.2.3");
    assertThat(merged)
        .filteredOn(label -> label.getName().equals("tag"))
        .extracting(Label::getValue)
        .as("tags are not single: the listener's stay beside ours")
        .containsExactly("smoke", "baseline");
    assertThat(merged).extracting(Label::getName).contains("host");
  }
}
