package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Goldens;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tells which track served an answer. Either every answer of a client is one track by construction
 * (a client of {@code endpoints.canary_api}, the canary's own Service), or the edge names the track
 * in a response header ({@code goldens.track_header}, values per {@code goldens.track_values});
 * with neither, every answer is {@link ServingTrack#UNKNOWN}: nothing is guessed.
 *
 * <pre>{@code
 * TrackAttribution byHeader = TrackAttribution.from(env.goldens());
 * ServingTrack track = byHeader.of(name -> response.headers().firstValue(name));
 * }</pre>
 */
public final class TrackAttribution {

  private record HeaderRule(String name, Goldens.TrackValues values) {}

  private final Optional<ServingTrack> fixed;
  private final Optional<HeaderRule> header;
  private final String how;

  private TrackAttribution(Optional<ServingTrack> fixed, Optional<HeaderRule> header, String how) {
    this.fixed = fixed;
    this.header = header;
    this.how = how;
  }

  /** By {@code goldens.track_header}, or {@link #none()} when it is not configured. */
  public static TrackAttribution from(Goldens goldens) {
    return goldens
        .trackHeader()
        .map(
            h ->
                new TrackAttribution(
                    Optional.empty(),
                    Optional.of(new HeaderRule(h, goldens.trackValues())),
                    "response header " + h))
        .orElseGet(TrackAttribution::none);
  }

  /**
   * Every answer is {@code track}, e.g. a client of the canary's own URL; {@code how} says why, for
   * reports.
   */
  public static TrackAttribution always(ServingTrack track, String how) {
    return new TrackAttribution(
        Optional.of(Objects.requireNonNull(track, "track")), Optional.empty(), how);
  }

  /** Nothing tells the track: every answer is {@link ServingTrack#UNKNOWN}. */
  public static TrackAttribution none() {
    return new TrackAttribution(
        Optional.empty(), Optional.empty(), "nothing (no track header, no canary endpoint)");
  }

  /** True when some answer can be attributed to a track at all. */
  public boolean canTell() {
    return fixed.isPresent() || header.isPresent();
  }

  /** How the track is known, for reports: e.g. {@code response header x-track}. */
  public String how() {
    return how;
  }

  /**
   * The track of an answer whose headers are looked up (by name, ignoring case) with {@code
   * headers}.
   */
  public ServingTrack of(Function<String, Optional<String>> headers) {
    if (fixed.isPresent()) return fixed.get();
    if (header.isEmpty()) return ServingTrack.UNKNOWN;
    Goldens.TrackValues values = header.get().values();
    Optional<String> value = headers.apply(header.get().name()).map(String::trim);
    if (value.isEmpty()) return ServingTrack.UNKNOWN;
    if (values.canary().stream().anyMatch(value.get()::equalsIgnoreCase))
      return ServingTrack.CANARY;
    if (values.stable().stream().anyMatch(value.get()::equalsIgnoreCase))
      return ServingTrack.STABLE;
    return ServingTrack.UNKNOWN;
  }

  @Override
  public String toString() {
    return how;
  }
}
