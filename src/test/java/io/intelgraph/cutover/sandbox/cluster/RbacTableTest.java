package io.intelgraph.cutover.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table "The RBAC the suite needs" in docs/operations.md says exactly what the manifests in
 * ci/k8s grant.
 */
class RbacTableTest {

  private static final Path OPERATIONS = Path.of("docs/operations.md");

  @Test
  void theDocumentedTableIsWhatTheManifestsGrant() throws Exception {
    assertThat(documentedRows())
        .as(
            "%s rows of \"The RBAC the suite needs\" against ci/k8s (file | role | group | resource | names | verbs)",
            OPERATIONS)
        .containsExactlyInAnyOrderElementsOf(manifestRows());
  }

  private static List<String> documentedRows() throws Exception {
    List<String> lines = Files.readAllLines(OPERATIONS);
    int start = lines.indexOf("## The RBAC the suite needs");
    assertThat(start)
        .as("%s has a section \"## The RBAC the suite needs\"", OPERATIONS)
        .isNotNegative();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) break;
      if (!line.startsWith("| cutover-")) continue;
      List<String> cells =
          Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
              .map(String::strip)
              .toList();
      String file = cells.get(0).replaceFirst(" .*", "");
      String role = cells.get(1).replaceFirst(" \\(.*", "");
      rows.add(
          String.join(
              " | ",
              file,
              role,
              cells.get(2).replace("\"\"", ""),
              cells.get(3),
              sorted(cells.get(4)),
              sorted(cells.get(5))));
    }
    return rows;
  }

  private static List<String> manifestRows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(RbacPolicy.SHIPPED)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (HasMetadata object : RbacPolicy.parse(Files.readString(file))) {
          List<PolicyRule> rules =
              object instanceof Role role
                  ? role.getRules()
                  : object instanceof ClusterRole cr ? cr.getRules() : List.of();
          for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
              for (String resource : rule.getResources()) {
                rows.add(
                    String.join(
                        " | ",
                        file.getFileName().toString(),
                        object.getKind() + " " + object.getMetadata().getName(),
                        group,
                        resource,
                        sorted(
                            String.join(
                                ", ",
                                rule.getResourceNames() == null
                                    ? List.of()
                                    : rule.getResourceNames())),
                        sorted(String.join(", ", rule.getVerbs()))));
              }
            }
          }
        }
      }
    }
    return rows;
  }

  private static String sorted(String csv) {
    return String.join(
        ", ",
        Arrays.stream(csv.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .sorted()
            .toList());
  }
}
