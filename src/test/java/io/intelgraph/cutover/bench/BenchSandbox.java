package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.sandbox.ReferenceApiLauncher;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxOptions;
import io.intelgraph.cutover.sandbox.SandboxResource;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;

/**
 * The sandbox as the cutover sees it at T-0: the reference API under its steady load, the {@code
 * sandbox} environment loaded over the sandbox's endpoints, the canary at 20 %, and one rate window
 * of traffic behind it, so every gate has data before anything is measured; by default under the
 * sandbox's own load (40 requests/s), or a multiple of it.
 */
final class BenchSandbox implements AutoCloseable {

  final SandboxResource resource;
  final Sandbox sandbox;
  final Environment environment;

  private BenchSandbox(SandboxResource resource) {
    this.resource = resource;
    this.sandbox = resource.sandbox();
    this.environment = resource.environment();
  }

  static BenchSandbox atCanary(int percent) {
    return atCanary(percent, 1);
  }

  /** As {@link #atCanary(int)}, under {@code loadFactor} times the sandbox's default load. */
  static BenchSandbox atCanary(int percent, int loadFactor) {
    SandboxResource resource =
        SandboxResource.start(
            SandboxOptions.defaults().withApi(new ReferenceApiLauncher(loadFactor)), percent);
    try {
      BenchSandbox rig = new BenchSandbox(resource);
      rig.soak("warm-up at %d %% canary".formatted(percent));
      return rig;
    } catch (RuntimeException e) {
      resource.close();
      throw e;
    }
  }

  /**
   * One rate window plus two scrapes: long enough for every rate() to see only what is happening
   * now.
   */
  Duration settle() {
    return environment
        .cadence()
        .rateWindow()
        .plus(environment.cadence().scrapeInterval().multipliedBy(2));
  }

  void soak(String why) {
    BoundedWait.named(
            "%s: %d s (one rate window and two scrapes)".formatted(why, settle().toSeconds()))
        .progressEvery(Duration.ofMinutes(5))
        .printingTo(System.err)
        .soak(settle());
  }

  @Override
  public void close() {
    resource.close();
  }
}
