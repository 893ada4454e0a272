package io.intelgraph.cutover.session;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.KubernetesClients;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.config.WarRoom;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.LedgerStores;
import io.intelgraph.cutover.rollback.Rollback;
import io.intelgraph.cutover.rollback.RollbackObserver;
import io.intelgraph.cutover.runmetrics.RunMetricsPublisher;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.stablehealth.StableHealth;
import io.intelgraph.cutover.warroom.RollbackNotices;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one composition root of the product: from a loaded environment, the Kubernetes client, the
 * ledger store and the rollback (its plan proves stable healthy; the war room and the run's metrics
 * are told when it ends), with the environment's secrets registered in the run's {@link
 * SecretRegistry#run() registry} before anything is written. The run of show (JUnit wiring) and the
 * command line both open it; what either starts besides (a provisioned sandbox, a halt watch) it
 * {@link #own owns}, and closing it closes everything newest first.
 *
 * <pre>{@code
 * try (CutoverWiring wiring = CutoverWiring.open(environment)) {
 *   Rollback rollback = wiring.rollback("rollback-command");
 *   rollback.byHand(reason, who, Duration.ZERO);
 * }
 * }</pre>
 */
public final class CutoverWiring implements AutoCloseable {

  /**
   * {@code -Dcutover.attempt=new} starts a new release attempt; an attempt id pins the run to it.
   */
  public static final String ATTEMPT_PROPERTY = "cutover.attempt";

  private final Environment environment;
  private final KubernetesClient kubernetes;
  private final LedgerStore ledger;
  private final Deque<AutoCloseable> closeables;
  private final Clock clock;
  // one for the run, so its messages (a RED, the rollback it starts) go out in order
  private final WarRoomNotifier warRoom;
  // pushes the attempt's metrics after each phase and after a rollback (metrics.pushgateway)
  private final RunMetricsPublisher runMetrics;

  private CutoverWiring(
      Environment environment,
      KubernetesClient kubernetes,
      LedgerStore ledger,
      Deque<AutoCloseable> closeables,
      Clock clock) {
    this.environment = environment;
    this.kubernetes = kubernetes;
    this.ledger = ledger;
    this.closeables = closeables;
    this.clock = clock;
    this.warRoom = WarRoomNotifier.forEnvironment(environment, ledger, clock);
    this.runMetrics =
        RunMetricsPublisher.forEnvironment(
            environment, ledger, clock, new Redactor(SecretRegistry.run())::redact);
  }

  /** Registers the secrets and connects; owns nothing started before. */
  public static CutoverWiring open(Environment environment) {
    return open(environment, new ArrayDeque<>());
  }

  /**
   * Registers the environment's secrets, connects to Kubernetes and opens the ledger store, taking
   * over {@code started} (what the caller started to get this environment, e.g. the sandbox). If
   * connecting fails, everything in {@code started} is closed before the failure is thrown.
   */
  public static CutoverWiring open(Environment environment, Deque<AutoCloseable> started) {
    // before anything is written: every configured secret is redacted from the report, logs and
    // evidence
    SecretRegistry.run().registerAll(environment);
    try {
      KubernetesClient kubernetes = KubernetesClients.forEnvironment(environment);
      started.push(kubernetes);
      LedgerStore ledger = LedgerStores.forEnvironment(environment, kubernetes);
      return new CutoverWiring(environment, kubernetes, ledger, started, Clock.systemUTC());
    } catch (RuntimeException e) {
      closeAll(started, e);
      throw e;
    }
  }

  public Environment environment() {
    return environment;
  }

  public KubernetesClient kubernetes() {
    return kubernetes;
  }

  public LedgerStore ledger() {
    return ledger;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * This process as a ledger lease holder: {@code pid@host/what}, e.g. {@code
   * 4711@runner-3/rollback-command} or {@code .../ATTEMPT-ID} for the run of show.
   */
  public String runner(String what) {
    return ManagementFactory.getRuntimeMXBean().getName() + "/" + what;
  }

  /**
   * True when the rollback only says what it would do: {@code rollback.dry_run}, or {@code mode:
   * observe} (the suite then never moves traffic).
   */
  public boolean rollbackIsDryRun() {
    return environment.rollback().dryRun() || environment.mode() == Mode.OBSERVE;
  }

  /**
   * The rollback over this ledger, held (leased) as {@link #runner(String) runner(what)}; its plan
   * ends by proving stable healthy ({@link StableHealth#rollbackPlan}), the war room is told when
   * it starts and ends, and the run's metrics are pushed when it ends.
   */
  public Rollback rollback(String what) {
    return new Rollback(
            ledger,
            StableHealth.rollbackPlan(environment, kubernetes, ledger),
            environment.name(),
            rollbackIsDryRun(),
            runner(what),
            environment.rollback().lease(),
            clock)
        .observedBy(
            RollbackObserver.all(
                new RollbackNotices(
                    warRoom,
                    // a RED and both rollback messages, each bounded by the webhook's timeout
                    environment
                        .warRoom()
                        .map(WarRoom::bound)
                        .orElse(WarRoom.DEFAULT_TIMEOUT)
                        .multipliedBy(3)),
                runMetrics));
  }

  /**
   * The run's metrics publisher ({@code metrics.pushgateway}): the JUnit wiring pushes after each
   * phase, the rollback after it ends.
   */
  public RunMetricsPublisher runMetrics() {
    return runMetrics;
  }

  /**
   * The run's war room ({@code war_room.webhook}), recording every message in this ledger; posts
   * nothing when no webhook is configured.
   */
  public WarRoomNotifier warRoom() {
    return warRoom;
  }

  /** Closes {@code resource} with this wiring, before everything owned earlier. */
  public <T extends AutoCloseable> T own(T resource) {
    closeables.push(resource);
    return resource;
  }

  /** Closes everything it owns, newest first; a failure to close one does not skip the others. */
  @Override
  public void close() {
    RuntimeException failure =
        new IllegalStateException(
            "closing the cutover wiring of environment %s failed".formatted(environment.name()));
    closeAll(closeables, failure);
    if (failure.getSuppressed().length > 0) throw failure;
  }

  /** Closes newest first, adding each failure to {@code collector} as a suppressed exception. */
  public static void closeAll(Deque<AutoCloseable> closeables, Throwable collector) {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        collector.addSuppressed(e);
      }
    }
  }
}
