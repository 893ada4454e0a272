package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.session.Phase;
import java.util.Map;

/**
 * Starts an environment the suite brings itself (the embedded sandbox) before the environment is
 * loaded, and stops it at the end of the test run. Found with {@link java.util.ServiceLoader}: list
 * the implementation in {@code
 * META-INF/services/io.intelgraph.cutover.junit.EnvironmentProvisioner}.
 *
 * <pre>{@code
 * public final class SandboxProvisioner implements EnvironmentProvisioner {
 *   public boolean provides(String environment) { return "sandbox".equals(environment); }
 *   public Provisioned start() {
 *     Sandbox sandbox = Sandbox.start();
 *     return new Provisioned(sandbox.endpointOverrides(), sandbox::close);
 *   }
 * }
 * }</pre>
 */
public interface EnvironmentProvisioner {

  /** True if this provisioner brings up the environment of that name. */
  boolean provides(String environment);

  /**
   * Starts it; the overrides (dotted keys, e.g. {@code endpoints.api}) are layered over the
   * environment file.
   */
  Provisioned start() throws Exception;

  /**
   * A started environment.
   *
   * @param overrides configuration values only known once it runs, e.g. ephemeral ports
   * @param stop stops it; called once, when the test run ends
   */
  record Provisioned(
      Map<String, String> overrides, AutoCloseable stop, Resume resume, BeforePhase beforePhase) {
    public Provisioned {
      overrides = Map.copyOf(overrides);
      java.util.Objects.requireNonNull(stop, "stop");
      java.util.Objects.requireNonNull(resume, "resume");
      java.util.Objects.requireNonNull(beforePhase, "beforePhase");
    }

    public Provisioned(Map<String, String> overrides, AutoCloseable stop, Resume resume) {
      this(overrides, stop, resume, (phase, environment, ledger) -> {});
    }

    public Provisioned(Map<String, String> overrides, AutoCloseable stop) {
      this(overrides, stop, (environment, kubernetes, ledger) -> {});
    }
  }

  /**
   * Brings a freshly started environment to where the ledger says the cutover stands (e.g. the
   * canary's weight), since each phase may run in a new JVM on another runner; called once the
   * environment is loaded and the ledger read, before the first check.
   */
  @FunctionalInterface
  interface Resume {
    void resume(
        io.intelgraph.cutover.config.Environment environment,
        io.fabric8.kubernetes.client.KubernetesClient kubernetes,
        io.intelgraph.cutover.ledger.Ledger ledger)
        throws Exception;
  }

  /**
   * Plays the people of a provisioned environment before a phase starts, e.g. the sandbox's
   * approvers signing the go-live approvals over the evidence sealed by an earlier phase of the
   * same run.
   */
  @FunctionalInterface
  interface BeforePhase {
    void before(
        Phase phase,
        io.intelgraph.cutover.config.Environment environment,
        io.intelgraph.cutover.ledger.Ledger ledger)
        throws Exception;
  }
}
