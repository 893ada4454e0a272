package io.intelgraph.cutover.runmetrics;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.RunMetricsSpec;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.rollback.RollbackObserver;
import io.intelgraph.cutover.rollback.RollbackRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Pushes the attempt's metrics ({@link RunMetrics}) to the Pushgateway of {@code
 * metrics.pushgateway} after every phase result is recorded and after a rollback ends (as a {@link
 * RollbackObserver}), grouped by job {@value RunMetrics#JOB}, release, environment and attempt:
 * each push replaces the attempt's group with what the ledger holds now. Each push is recorded in
 * the ledger ({@link MetricsPush}) and shown; a failed one never stops a phase or a rollback, and
 * is bounded by {@code metrics.timeout}. Not configured, nothing is pushed nor recorded.
 *
 * <pre>{@code
 * RunMetricsPublisher metrics = RunMetricsPublisher.forEnvironment(env, ledger, clock, redactor::redact);
 * metrics.publish("after phase canary");
 * }</pre>
 */
public final class RunMetricsPublisher implements RollbackObserver {

  /** The key that turns pushing on, as the evidence names it when it is off. */
  public static final String KEY = "metrics.pushgateway";

  private final String environment;
  private final LedgerStore ledger;
  private final Clock clock;
  private final UnaryOperator<String> redact;
  private final Optional<Pushgateway> gateway;
  private final Consumer<String> console;

  RunMetricsPublisher(
      String environment,
      LedgerStore ledger,
      Clock clock,
      UnaryOperator<String> redact,
      Optional<Pushgateway> gateway,
      Consumer<String> console) {
    this.environment = environment;
    this.ledger = ledger;
    this.clock = clock;
    this.redact = redact;
    this.gateway = gateway;
    this.console = console;
  }

  /**
   * The publisher of {@code env}'s run; pushes nothing when {@code metrics.pushgateway} is not set
   * (or the command that loaded the environment does not read {@code metrics}).
   */
  public static RunMetricsPublisher forEnvironment(
      Environment env, LedgerStore ledger, Clock clock, UnaryOperator<String> redact) {
    Optional<RunMetricsSpec> spec = Optional.ofNullable(env.metrics());
    Optional<URI> url = spec.flatMap(RunMetricsSpec::pushgateway);
    Duration timeout = spec.map(RunMetricsSpec::timeout).orElse(Duration.ofSeconds(5));
    return new RunMetricsPublisher(
        env.name(),
        ledger,
        clock,
        redact,
        url.map(u -> new Pushgateway(u, timeout)),
        System.out::println);
  }

  /** Whether a Pushgateway is configured. */
  public boolean configured() {
    return gateway.isPresent();
  }

  /** The attempt's metrics as the ledger holds them now. */
  public RunMetrics render(Ledger attempt) {
    return RunMetrics.of(attempt, environment, redact);
  }

  /**
   * Pushes what the ledger holds now, records the push and prints it; empty when no Pushgateway is
   * configured. Never throws: a failure is the returned (and recorded) push.
   *
   * @param trigger what the push follows, e.g. {@code after phase canary}
   */
  public Optional<MetricsPush> publish(String trigger) {
    if (gateway.isEmpty()) return Optional.empty();
    MetricsPush push;
    try {
      push = push(gateway.get(), trigger, ledger.read());
    } catch (RuntimeException e) {
      // the ledger could not be read (or its facts rendered): nothing was pushed; shown, not thrown
      String why = redact.apply(String.valueOf(e.getMessage()));
      console.accept(
          "run metrics not pushed (%s): reading them from the ledger %s failed: %s"
              .formatted(trigger, ledger.location(), why));
      return Optional.of(new MetricsPush(clock.instant(), trigger, "", false, 0, why));
    }
    try {
      ledger.update(current -> current.withEvent(push.toEvent()));
    } catch (RuntimeException e) {
      console.accept(
          "run metrics push not recorded in the ledger %s: %s"
              .formatted(ledger.location(), redact.apply(String.valueOf(e.getMessage()))));
    }
    console.accept("run metrics: " + push.describe());
    return Optional.of(push);
  }

  private MetricsPush push(Pushgateway gateway, String trigger, Ledger attempt) {
    RunMetrics metrics = render(attempt);
    URI url = gateway.groupUrl(RunMetrics.JOB, metrics.identity());
    try {
      int status =
          gateway.put(RunMetrics.JOB, metrics.identity(), redact.apply(metrics.pushBody()));
      return new MetricsPush(
          clock.instant(),
          trigger,
          url.toString(),
          true,
          metrics.series(),
          "HTTP %d".formatted(status));
    } catch (RuntimeException e) {
      return new MetricsPush(
          clock.instant(),
          trigger,
          url.toString(),
          false,
          metrics.series(),
          redact.apply(String.valueOf(e.getMessage())));
    }
  }

  /**
   * What the evidence says about the pushes: the last one recorded in {@code attempt}, or that none
   * is configured.
   */
  public String describePushes(Ledger attempt) {
    if (gateway.isEmpty()) {
      return "Pushgateway not configured (%s): the run's metrics were not pushed".formatted(KEY);
    }
    var pushes = MetricsPush.recorded(attempt);
    if (pushes.isEmpty()) return "no push recorded yet for attempt " + attempt.attemptId();
    long failed = pushes.stream().filter(p -> !p.accepted()).count();
    return "%d pushes, %d failed; last: %s"
        .formatted(pushes.size(), failed, pushes.get(pushes.size() - 1).describe());
  }

  @Override
  public void started(RollbackRequest request) {
    // pushed once it ended: its duration and state are what the metrics carry
  }

  @Override
  public void finished(RollbackRecord record) {
    publish("after rollback " + record.state());
  }
}
