package io.intelgraph.cutover.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start the {@link Sandbox}: the API to plug in (none until the reference API is wired), the
 * scrape interval, how long to wait for every target's first scrape, and the clock.
 *
 * <pre>{@code SandboxResource.start(SandboxOptions.defaults().withApi(reference), 20)}</pre>
 */
public record SandboxOptions(
    Optional<ApiLauncher> api, Duration scrapeInterval, Duration readyTimeout, Clock clock) {

  public SandboxOptions {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(clock, "clock");
    if (scrapeInterval == null
        || scrapeInterval.compareTo(Duration.ofMillis(100)) < 0
        || scrapeInterval.compareTo(Duration.ofSeconds(15)) > 0) {
      throw new IllegalArgumentException(
          "sandbox scrape interval is %s; expected 100ms to 15s, e.g. 1s"
              .formatted(scrapeInterval));
    }
    if (readyTimeout == null || readyTimeout.compareTo(scrapeInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "sandbox ready timeout %s is shorter than two scrape intervals (%s); use e.g. 15s"
              .formatted(readyTimeout, scrapeInterval.multipliedBy(2)));
    }
  }

  /** No API, 1 s scrapes, 15 s to be ready, the system clock. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(
        Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(15), Clock.systemUTC());
  }

  public SandboxOptions withApi(ApiLauncher launcher) {
    return new SandboxOptions(Optional.of(launcher), scrapeInterval, readyTimeout, clock);
  }

  public SandboxOptions withReadyTimeout(Duration timeout) {
    return new SandboxOptions(api, scrapeInterval, timeout, clock);
  }
}
