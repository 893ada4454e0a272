package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.config.Attestations;
import io.intelgraph.cutover.ledger.Attestation;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A runbook line only a person can confirm (the war room is staffed, a restore drill was run): it
 * passes when someone attested it for this run ({@code attestations.<key>}, who and how), and the
 * attestation is recorded in the ledger; with none it fails, saying how to give one.
 *
 * <pre>{@code
 * assertThat(Attested.by("war_room", Attestations::warRoom, "War room active",
 *     "alice (incident commander) in #maestro-go-live-war-room").run(context)).passed();
 * }</pre>
 */
public final class Attested implements RunbookLine {

  private final String key;
  private final Function<Attestations, Optional<String>> field;
  private final String line;
  private final String example;

  private Attested(
      String key, Function<Attestations, Optional<String>> field, String line, String example) {
    this.key = key;
    this.field = field;
    this.line = line;
    this.example = example;
  }

  /**
   * The line {@code line}, confirmed by {@code attestations.<key>}; {@code example} shows a person
   * what a good attestation says.
   */
  public static Attested by(
      String key, Function<Attestations, Optional<String>> field, String line, String example) {
    return new Attested(key, field, line, example);
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    Optional<String> who =
        field.apply(context.environment().attestations()).filter(s -> !s.isBlank());
    if (who.isEmpty()) {
      return report
          .problem(
              "%s: nobody attested it for this run; give who confirmed it and how, e.g."
                  + " -Dcutover.attestations.%s=\"%s\" or CUTOVER_ATTESTATIONS_%s",
              line, key, example, key.toUpperCase(Locale.ROOT))
          .judged();
    }
    report.evidence("attestations." + key, who.get());
    return AttestedJudgement.record(
            context, report, new Attestation(who.get(), line, context.now()))
        .judged();
  }
}
