package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxResource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One sandbox kept running across several runs of the cutover in this JVM, as production keeps
 * running between a release's CI jobs: {@code try (SharedSandbox shared = SharedSandbox.open()) {
 * ...one EngineTestKit execution per phase... }}. While it is open, {@link SandboxProvisioner}
 * starts the sandbox once and later runs resume on it (from their ledger, as always) instead of
 * starting their own; closing it stops the sandbox.
 *
 * <p>What a run changes in the sandbox stays changed for the next, exactly as in production: the
 * traffic weights, the rollout, Prometheus' history. A fault injected by a run ({@code
 * -Dsandbox.fault}) is disarmed when that run ends.
 */
public final class SharedSandbox implements AutoCloseable {

  private static SharedSandbox open;

  private SandboxResource sandbox;

  private SharedSandbox() {}

  /** Opens the share; fails if one is open already (runs sharing a sandbox are sequential). */
  public static synchronized SharedSandbox open() {
    if (open != null)
      throw new IllegalStateException(
          "a shared sandbox is open already; close it before opening another");
    open = new SharedSandbox();
    return open;
  }

  /** The open share, if any. */
  static synchronized Optional<SharedSandbox> current() {
    return Optional.ofNullable(open);
  }

  /** True once a run has started the shared sandbox. */
  synchronized boolean started() {
    return sandbox != null;
  }

  /**
   * The shared sandbox once a run started it: for a test acting beside the run as a person would
   * (e.g. signing a decision with an approver's key while a check waits), or reading back from it
   * between runs (its Prometheus, its Pushgateway).
   */
  public synchronized Optional<Sandbox> running() {
    return Optional.ofNullable(sandbox).map(SandboxResource::sandbox);
  }

  /** The shared sandbox, started by {@code start} on first use. */
  synchronized SandboxResource sandbox(Supplier<SandboxResource> start) {
    if (sandbox == null) sandbox = start.get();
    return sandbox;
  }

  @Override
  public void close() {
    synchronized (SharedSandbox.class) {
      open = null;
    }
    if (sandbox != null) sandbox.close();
  }
}
