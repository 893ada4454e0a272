package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EvidenceSpec;
import io.intelgraph.cutover.evidence.AllureRedaction;
import io.intelgraph.cutover.evidence.BundleChain;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.EvidenceException;
import io.intelgraph.cutover.evidence.EvidenceVerifier;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.Manifest;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The closeout's "Evidence bundle: Complete compliance artifacts archived", its last line: the
 * day-3 record sealed as {@code cutover-closeout-<release>.zip} (with its public key beside it),
 * signed and hashed by the same code as the T+120 bundle, holding every closeout line's evidence
 * (the 72 h dashboard export among it) and the Allure results, its manifest chained to the T+120
 * bundle by that bundle's manifest digest.
 *
 * <p>Design note: the T+120 bundle is the one the ledger records as sealed for this attempt (the
 * digest the go-live approvals signed), looked for where the evidence phase writes it: beside the
 * evidence directory. It must be there and verify, with the key published beside it, before the
 * closeout seals; otherwise the line fails naming where it looked and seals nothing. There is no
 * unchained day-3 record: a closeout that cannot name the evidence it continues is not archived as
 * if it could. After sealing, the line verifies its bundle and the chain as {@code verify-evidence}
 * does.
 *
 * <pre>{@code
 * assertThat(DayThreeRecord.forRun().run(context)).passed();
 * }</pre>
 */
public final class DayThreeRecord implements RunbookLine {

  private final Function<Environment, EvidenceWriter> evidence;
  private final Function<EvidenceSpec, SigningKey> keys;
  private final Path allureResults;
  private final Consumer<String> console;

  DayThreeRecord(
      Function<Environment, EvidenceWriter> evidence,
      Function<EvidenceSpec, SigningKey> keys,
      Path allureResults,
      Consumer<String> console) {
    this.evidence = evidence;
    this.keys = keys;
    this.allureResults = allureResults;
    this.console = console;
  }

  /**
   * The record of a run: the closeout's evidence and this run's Allure results, signed with {@code
   * evidence.signing_key} (or a key generated for it, as the T+120 bundle).
   */
  public static DayThreeRecord forRun() {
    return new DayThreeRecord(
        CloseoutEvidence::writer,
        SigningKey::from,
        AllureRedaction.resultsDirectory(),
        System.out::println);
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    String release = env.release().tag();
    // beside the evidence root: where the evidence phase seals (EvidenceCollection)
    Path bundles = env.evidence().directory().toAbsolutePath().getParent();
    // first, so that a record this run fails to seal leaves none of an earlier run for CI to upload
    List<Path> removed;
    try {
      removed = EvidenceBundle.removeEarlierBundles(bundles, EvidenceBundle.Stage.CLOSEOUT);
    } catch (EvidenceException e) {
      return report.problem("day-3 record of %s not sealed: %s", release, e.getMessage()).judged();
    }
    if (!removed.isEmpty()) console.accept("removed earlier day-3 records: " + removed);
    Ledger ledger = context.ledger().read();
    Optional<Attestation> sealed = ManifestDigest.sealedIn(ledger);
    if (sealed.isEmpty()) {
      return report
          .problem(
              "the day-3 record is chained to the T+120 evidence bundle, but attempt %s has no"
                  + " sealed bundle in the ledger %s; run -Dgroups=evidence first (nothing sealed)",
              ledger.attemptId(), context.ledger().location())
          .judged();
    }
    Manifest.Chain chain =
        new Manifest.Chain(sealed.get().who(), release, ManifestDigest.digestOf(sealed.get()));
    BundleChain.Link t120 =
        BundleChain.follow(
            chain,
            bundles.resolve(chain.bundle()),
            bundles.resolve(EvidenceBundle.Stage.EVIDENCE.publicKeyName(release)));
    if (!t120.holds()) {
      return report
          .problem(
              "the day-3 record was not sealed: the T+120 bundle the ledger records as sealed"
                  + " (%s, at %s) does not hold: %s",
              chain.bundle(), sealed.get().at(), t120.allProblems())
          .judged();
    }
    Path closeoutEvidence = evidence.apply(env).directory();
    SigningKey key;
    EvidenceBundle.Sealed record;
    try {
      key = keys.apply(env.evidence());
      record =
          EvidenceBundle.closeout(release, key, context.clock(), chain)
              .seal(
                  bundles,
                  List.of(
                      new EvidenceBundle.Source(CloseoutEvidence.PHASE, closeoutEvidence),
                      new EvidenceBundle.Source("allure-results", allureResults)));
    } catch (EvidenceException | IllegalArgumentException e) {
      return report.problem("day-3 record of %s not sealed: %s", release, e.getMessage()).judged();
    }
    BundleChain.Result verified =
        BundleChain.verify(
            record.zip(),
            EvidenceVerifier.readPublicKey(record.publicJwk()),
            Optional.of(t120.bundle()),
            Optional.of(t120.publicKey()));
    String where =
        """
        day-3 record: %s (%d files, %s)
        public key:   %s
        chained to:   %s, manifest %s
        verify with:  java -jar target/maestro-cutover.jar verify-evidence --bundle %s --public-key %s
                      (finds %s and its key beside it)
        verified:     %s
        """
            .formatted(
                record.zip(),
                record.manifest().entries().size(),
                key,
                record.publicJwk(),
                t120.bundle(),
                chain.manifestDigest(),
                record.zip(),
                record.publicJwk(),
                chain.bundle(),
                verified.valid()
                    ? "signatures, every digest and the chain hold"
                    : verified.problems());
    // to the console and the report only: a file written into the closeout evidence now would be
    // outside this record and inside the next one
    console.accept(where);
    String exportIndex = CloseoutEvidence.PHASE + "/" + DashboardExport.INDEX;
    return report
        .evidence("day-3 record", where)
        .problemIf(
            !verified.valid(), "verify-evidence of %s: %s", record.zip(), verified.problems())
        .problemIf(
            record.manifest().entries().stream()
                .noneMatch(e -> e.path().startsWith(exportIndex) && e.path().endsWith(".json")),
            "the 72 h dashboard export (%s.json) is not in the closeout evidence %s; the line"
                + " \"Dashboard exports\" must pass before the record is sealed",
            exportIndex,
            closeoutEvidence)
        .problemIf(
            record.manifest().entries().stream()
                .noneMatch(e -> e.path().startsWith("allure-results/")),
            "no Allure result was sealed into %s (from %s)",
            record.zip(),
            allureResults)
        .judged();
  }
}
