package io.intelgraph.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The product packages import only what their package-info says they may (docs/architecture.md,
 * "Layout"), so the flow stays one way: environment, clients, checks, verdicts, ledger and
 * evidence, rollback. The test fixture {@code sandbox} is in no package's list, so a product import
 * of it fails here.
 */
class PackageDependenciesTest {

  private static final Path MAIN = Path.of("src/main/java/io/intelgraph/cutover");
  private static final Pattern PRODUCT_REFERENCE =
      Pattern.compile("io\\.intelgraph\\.cutover\\.([a-z]+)\\b");

  /** Package -> the product packages it may import; {@code cli} may import any. */
  private static final Map<String, Set<String>> MAY_IMPORT =
      Map.ofEntries(
          Map.entry("config", Set.of()),
          Map.entry("waiting", Set.of()),
          Map.entry("support", Set.of("config")),
          Map.entry("secrets", Set.of("config")),
          Map.entry("prometheus", Set.of("config", "support")),
          Map.entry("gate", Set.of("config", "prometheus")),
          Map.entry("ledger", Set.of("config", "gate", "support")),
          Map.entry("cluster", Set.of("config", "support")),
          Map.entry("golden", Set.of("config", "secrets", "support")),
          Map.entry("preflight", Set.of("config", "gate", "golden", "prometheus", "support")),
          Map.entry("bake", Set.of("config", "gate", "prometheus")),
          Map.entry("supplychain", Set.of("config", "support")),
          Map.entry("chaos", Set.of("config", "prometheus", "support", "waiting")),
          // drills record themselves as ledger events, read back by later attempts
          Map.entry("recovery", Set.of("config", "ledger", "prometheus", "support", "waiting")),
          Map.entry("api", Set.of("config", "golden", "secrets")),
          Map.entry("review", Set.of("ledger")),
          Map.entry("rollback", Set.of("cluster", "config", "ledger", "support")),
          Map.entry(
              "stablehealth", Set.of("config", "gate", "golden", "ledger", "rollback", "waiting")),
          Map.entry("evidence", Set.of("config", "gate", "ledger", "secrets", "support")),
          Map.entry("approval", Set.of("config", "evidence", "support")),
          // a person's signed decision on an inconclusive gate check, read back from the ledger
          Map.entry("decision", Set.of("approval", "config", "gate", "ledger", "waiting")),
          // what the run tells people: a rollback's start and end through its observer
          Map.entry("warroom", Set.of("config", "ledger", "rollback", "secrets", "support")),
          // the run's facts as metrics: read from the ledger, pushed after a rollback as its
          // observer
          Map.entry("runmetrics", Set.of("config", "gate", "ledger", "rollback", "support")),
          Map.entry("assertions", Set.of("cluster", "gate", "golden", "runbook", "support")),
          // the runbook's lines may use every check package; only the wiring and the CLI use them
          Map.entry(
              "runbook",
              Set.of(
                  "api",
                  "approval",
                  "bake",
                  "chaos",
                  "cluster",
                  "config",
                  "evidence",
                  "gate",
                  "golden",
                  "ledger",
                  "preflight",
                  "prometheus",
                  "recovery",
                  "review",
                  "rollback",
                  "runmetrics",
                  "secrets",
                  "stablehealth",
                  "supplychain",
                  "support",
                  "waiting",
                  "warroom")),
          // the composition root and the phase policy, shared by the JUnit wiring and the CLI
          Map.entry(
              "session",
              Set.of(
                  "cluster",
                  "config",
                  "ledger",
                  "rollback",
                  "runmetrics",
                  "secrets",
                  "stablehealth",
                  "support",
                  "warroom")),
          Map.entry(
              "junit",
              Set.of(
                  "cluster",
                  "config",
                  "decision",
                  "evidence",
                  "gate",
                  "ledger",
                  "preflight",
                  "rollback",
                  "runbook",
                  "runmetrics",
                  "secrets",
                  "session",
                  "stablehealth",
                  "support",
                  "waiting",
                  "warroom")));

  @Test
  void everyProductPackageImportsOnlyWhatItsLayoutAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        Path relative = MAIN.relativize(file);
        if (relative.getNameCount() < 2) continue;
        String own = relative.getName(0).toString();
        if (own.equals("cli")) continue;
        Set<String> allowed = MAY_IMPORT.get(own);
        if (allowed == null) {
          violations.add(
              "%s: package %s is not in the layout; add it to the Layout in docs/architecture.md and to this table"
                  .formatted(relative, own));
          continue;
        }
        Matcher m = PRODUCT_REFERENCE.matcher(Files.readString(file));
        Set<String> used = new TreeSet<>();
        while (m.find()) used.add(m.group(1));
        used.remove(own);
        used.removeAll(allowed);
        if (!used.isEmpty()) {
          violations.add(
              "%s uses %s; %s may import only %s"
                  .formatted(relative, used, own, new TreeSet<>(allowed)));
        }
      }
    }
    assertThat(violations).as("imports against the layout").isEmpty();
  }
}
