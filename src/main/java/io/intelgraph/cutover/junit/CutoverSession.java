package io.intelgraph.cutover.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.evidence.AllureRedaction;
import io.intelgraph.cutover.evidence.AllureRunSetup;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerException;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.rollback.Rollback;
import io.intelgraph.cutover.runmetrics.RunMetricsPublisher;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.session.CutoverWiring;
import io.intelgraph.cutover.session.Phase;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Everything one test run shares, opened once and kept in the root store: the environment (after
 * starting it, for the sandbox), the Kubernetes client, the ledger and the rollback. Opening it
 * registers the environment's secrets in the run's {@link SecretRegistry#run() registry} and writes
 * the report's run files ({@link AllureRunSetup}). Closing it stops what it started, newest first.
 *
 * <p>A session that cannot open is remembered as that failure ({@link Holder}), so every phase
 * fails with the same message and nothing is retried half-way through a run.
 */
final class CutoverSession implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CutoverSession.class);

  /** The report's failure categories, relative to the project directory the run starts in. */
  private final CutoverWiring wiring;

  private final Rollback rollback;
  private final HaltWatch halts;
  private EnvironmentProvisioner.BeforePhase beforePhase = (phase, environment, ledger) -> {};

  private CutoverSession(CutoverWiring wiring, Rollback rollback, HaltWatch halts) {
    this.wiring = wiring;
    this.rollback = rollback;
    this.halts = halts;
  }

  /**
   * Lets a provisioned environment act before the phase (see {@link
   * EnvironmentProvisioner.BeforePhase}).
   */
  void beforePhase(Phase phase) {
    try {
      beforePhase.before(phase, wiring.environment(), wiring.ledger().read());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "the provisioned environment failed to prepare phase %s: %s"
              .formatted(phase.tag(), e.getMessage()),
          e);
    }
  }

  Environment environment() {
    return wiring.environment();
  }

  KubernetesClient kubernetes() {
    return wiring.kubernetes();
  }

  LedgerStore ledger() {
    return wiring.ledger();
  }

  /** The run's clock, the one every line's observed-at comes from. */
  java.time.Clock clock() {
    return wiring.clock();
  }

  Rollback rollback() {
    return rollback;
  }

  /**
   * The run's metrics, pushed after each phase result is recorded ({@code metrics.pushgateway}).
   */
  RunMetricsPublisher runMetrics() {
    return wiring.runMetrics();
  }

  /** The run's war room: a RED, a rollback and a refused phase are posted there. */
  WarRoomNotifier warRoom() {
    return wiring.warRoom();
  }

  /**
   * The halt policy's watch over a canary left serving short of the lock ({@code
   * rollback.on_halt}).
   */
  HaltWatch halts() {
    return halts;
  }

  /**
   * Provisions (if needed), loads, connects and opens the ledger; closes what it started if any
   * step fails.
   */
  static CutoverSession open(
      EnvironmentLoader loader,
      Iterable<EnvironmentProvisioner> provisioners,
      Optional<String> attempt) {
    Deque<AutoCloseable> closeables = new ArrayDeque<>();
    try {
      String name = loader.selectedName();
      EnvironmentLoader layered = loader;
      EnvironmentProvisioner.Provisioned provisioned = null;
      for (EnvironmentProvisioner provisioner : provisioners) {
        if (provisioner.provides(name)) {
          provisioned = provisioner.start();
          closeables.push(provisioned.stop());
          layered = layered.withOverrides(provisioned.overrides());
          break;
        }
      }
      Environment environment = layered.load();
      if (environment.isSandbox() && provisioned == null) {
        throw new ConfigException(
            ("environment sandbox is started by the suite, but no EnvironmentProvisioner for it is on the classpath;"
                + " add the sandbox module, or choose another environment with -Dcutover.env=NAME"));
      }
      CutoverWiring wiring = CutoverWiring.open(environment, closeables);
      AllureRunSetup.prepare(
          environment, AllureRedaction.resultsDirectory(), System.getenv(), Path.of(""));
      LedgerStore ledger = wiring.ledger();
      Ledger current = attempt(ledger, attempt);
      if (provisioned != null) {
        provisioned.resume().resume(environment, wiring.kubernetes(), current);
      }
      String runner = current.attemptId();
      Rollback rollback = wiring.rollback(runner);
      // a rollback whose runner died is finished here, before any phase is judged against the
      // ledger
      rollback
          .takeOverIfAbandoned()
          .ifPresent(outcome -> LOG.warn("took over an abandoned {}", outcome.describe()));
      HaltWatch halts =
          new HaltWatch(
              ledger,
              rollback,
              environment.rollback().onHalt(),
              environment.name(),
              wiring.runner(runner),
              environment.rollback().lease(),
              wiring.clock(),
              System.out);
      // a canary that a runner which died left serving is rolled back (or held) here, before any
      // phase is judged
      halts.apply("when the session opened");
      CutoverSession session = new CutoverSession(wiring, rollback, halts);
      if (provisioned != null) session.beforePhase = provisioned.beforePhase();
      return session;
    } catch (RuntimeException e) {
      CutoverWiring.closeAll(closeables, e);
      throw e;
    } catch (Exception e) {
      IllegalStateException failure =
          new IllegalStateException("the environment could not be started: " + e.getMessage(), e);
      CutoverWiring.closeAll(closeables, failure);
      throw failure;
    }
  }

  /**
   * {@code new} starts a fresh attempt; an attempt id pins it; absent continues the current one.
   */
  private static Ledger attempt(LedgerStore ledger, Optional<String> attempt) {
    if (attempt.isEmpty()) {
      return ledger.read();
    }
    if ("new".equals(attempt.get())) {
      return ledger.startNewAttempt();
    }
    Ledger current = ledger.read();
    if (!current.attemptId().equals(attempt.get())) {
      throw new LedgerException(
          "-D%s=%s, but ledger %s holds attempt %s; pass the attempt it holds, or -D%s=new to start another"
              .formatted(
                  CutoverWiring.ATTEMPT_PROPERTY,
                  attempt.get(),
                  ledger.location(),
                  current.attemptId(),
                  CutoverWiring.ATTEMPT_PROPERTY));
    }
    return current;
  }

  @Override
  public void close() {
    wiring.close();
  }

  /** The session of this run, or why it could not be opened; stored once in the root store. */
  static final class Holder implements AutoCloseable {
    private final CutoverSession session;
    private final RuntimeException failure;

    private Holder(CutoverSession session, RuntimeException failure) {
      this.session = session;
      this.failure = failure;
    }

    static Holder openFromSystem() {
      try {
        String attempt =
            System.getProperty(CutoverWiring.ATTEMPT_PROPERTY, System.getenv("CUTOVER_ATTEMPT"));
        Optional<String> chosen =
            Optional.ofNullable(attempt).map(String::strip).filter(a -> !a.isEmpty());
        return new Holder(
            open(
                EnvironmentLoader.fromSystem(),
                ServiceLoader.load(EnvironmentProvisioner.class),
                chosen),
            null);
      } catch (RuntimeException e) {
        return new Holder(null, e);
      }
    }

    /** A run refused before anything was opened, failing every phase with {@code reason}. */
    static Holder refused(String reason) {
      return new Holder(null, new ConfigException(reason));
    }

    boolean failed() {
      return failure != null;
    }

    /** The session; rethrows the opening failure, the same one for every phase. */
    CutoverSession session() {
      if (failure != null) throw failure;
      return session;
    }

    @Override
    public void close() throws Exception {
      if (session != null) session.close();
    }
  }
}
