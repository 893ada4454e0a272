package io.intelgraph.cutover.review;

import io.intelgraph.cutover.ledger.Attestation;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A runbook line only people can judge (alert fatigue, lessons learned, a document review), given
 * per run as {@code attestations.<key>} and recorded with who and when; missing, the line fails
 * saying how to give it, never skips.
 *
 * <pre>{@code
 * Attestation said = new Judgement("alert_fatigue", "Alert fatigue indicators: none observed",
 *     "\"dana (on-call): no muted channels, acks < 5 min\"").attest(env.attestations().alertFatigue(), Instant.now());
 * ledger.update(l -> l.withAttestation(said));
 * }</pre>
 *
 * @param key the key under {@code attestations}, e.g. {@code alert_fatigue}
 * @param line the runbook line, recorded as what was attested
 * @param example what a good attestation looks like, quoted, for the failure message
 */
public record Judgement(String key, String line, String example) {

  /**
   * The attestation for this run, or an {@link AssertionError} naming the key, the variable and an
   * example.
   */
  public Attestation attest(Optional<String> given, Instant now) {
    Optional<String> who = given.map(String::strip).filter(s -> !s.isEmpty());
    if (who.isEmpty()) {
      throw new AssertionError(
          ("%s: nobody attested it for this run; a person judges this line: give who judged it and what they saw,"
                  + " e.g. -Dcutover.attestations.%s=%s or CUTOVER_ATTESTATIONS_%s")
              .formatted(line, key, example, key.toUpperCase(Locale.ROOT)));
    }
    return new Attestation(who.get(), line, now);
  }
}
