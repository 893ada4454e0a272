package io.intelgraph.cutover.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.session.HaltRule;
import io.intelgraph.cutover.session.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Opens the run's {@link CutoverSession} before the first phase (failing every phase with the
 * configuration's message if it cannot), resolves the shared resources as parameters and records
 * each phase's result in the ledger; files each check in the Allure report ({@link
 * AllureMetadata}).
 *
 * <p>The result counts the phase's lines as JUnit ended them ({@link TestWatcher}): passed, failed,
 * and skipped with the reason (disabled, or aborted); {@link PhaseResult.Status#judge} turns the
 * count into the status. A phase refused by {@link PhaseGuard} is recorded {@code REFUSED} with the
 * reason; a phase whose class failed outside its lines (set-up, tear-down) is {@code BROKEN}.
 *
 * <p>A phase that moves the canary's traffic holds the ledger's traffic-owner lease while it runs,
 * and after every phase's result the halt policy ({@link HaltWatch}) acts on a canary left short of
 * the locked 100 % by a phase that did not pass.
 */
final class CutoverExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterAllCallback,
        TestWatcher,
        ParameterResolver {

  static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CutoverExtension.class);
  private static final Set<Class<?>> RESOLVABLE =
      Set.of(
          Environment.class,
          LedgerStore.class,
          KubernetesClient.class,
          GateChecks.class,
          LineContext.class);
  private static final String TRAFFIC_OWNER = "traffic owner lease";

  /**
   * The run's session holder, opened on first use; refused before anything starts when the run's
   * Allure results would not be redacted ({@link AllureListeners}).
   */
  static CutoverSession.Holder holder(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(
            CutoverSession.Holder.class,
            type ->
                AllureListeners.refusal(
                        context.getConfigurationParameter(AllureListeners.DEACTIVATE))
                    .map(CutoverSession.Holder::refused)
                    .orElseGet(CutoverSession.Holder::openFromSystem),
            CutoverSession.Holder.class);
  }

  static CutoverSession session(ExtensionContext context) {
    return holder(context).session();
  }

  static Phase phase(ExtensionContext context) {
    return context
        .getTestClass()
        .flatMap(type -> AnnotationSupport.findAnnotation(type, CutoverPhase.class))
        .map(CutoverPhase::value)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "%s has no phase annotation (e.g. @GatePhase)"
                        .formatted(context.getDisplayName())));
  }

  /** The context of the test class around a check, also for parameterized and repeated checks. */
  static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    session(context).beforePhase(phase(context));
    context.getStore(NAMESPACE).put(Tally.class, new Tally(Instant.now()));
    if (HaltRule.ownsTraffic(phase(context))) {
      // while it runs, this phase holds the canary's traffic: another run must not take it for
      // abandoned
      context.getStore(NAMESPACE).put(TRAFFIC_OWNER, session(context).halts().own(phase(context)));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    CutoverSession.Holder holder = holder(context);
    if (!holder.failed()) {
      AllureMetadata.apply(context, phase(context), holder.session().environment());
    }
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    tally(context).ifPresent(Tally::passed);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    tally(context)
        .ifPresent(
            tally ->
                tally.failed(
                    context.getRequiredTestMethod().getName()
                        + ": "
                        + firstLine(cause.getMessage())));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    tally(context)
        .ifPresent(
            tally ->
                tally.skipped(
                    "'%s' aborted: %s"
                        .formatted(context.getDisplayName(), firstLine(cause.getMessage()))));
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    tally(context)
        .ifPresent(
            tally ->
                tally.skipped(
                    "'%s' disabled: %s"
                        .formatted(
                            context.getDisplayName(),
                            firstLine(reason.orElse("no reason given")))));
  }

  /** The ledger's phase summary names the gates switched off: the phase ran without them. */
  private static String switchedOff(Environment environment) {
    String summary = environment.switchedOffSummary();
    return summary.isEmpty() ? "" : "; " + summary;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    CutoverSession.Holder holder = holder(context);
    Tally tally = context.getStore(NAMESPACE).get(Tally.class, Tally.class);
    if (holder.failed() || tally == null) {
      return; // nothing ran and there is no ledger to write to; the failure is already the class's
      // result
    }
    Instant now = Instant.now();
    String phase = phase(context).tag();
    String source = context.getRequiredTestClass().getName();
    Optional<Throwable> classFailure = context.getExecutionException();
    PhaseResult result;
    if (classFailure.filter(PhaseRefusedException.class::isInstance).isPresent()) {
      result =
          new PhaseResult(
              phase,
              source,
              PhaseResult.Status.REFUSED,
              tally.started,
              now,
              redacted(classFailure.get().getMessage()));
    } else {
      PhaseResult.Lines lines =
          new PhaseResult.Lines(tally.passed, tally.failed, tally.skips.size(), tally.skips);
      String summary =
          "%d lines: %d passed, %d failed, %d skipped"
                  .formatted(lines.total(), lines.passed(), lines.failed(), lines.skipped())
              + (tally.firstFailure == null ? "" : "; first failure " + tally.firstFailure)
              + classFailure
                  .map(e -> "; the phase broke outside its lines: " + firstLine(e.getMessage()))
                  .orElse("")
              + switchedOff(holder.session().environment());
      PhaseResult.Status status =
          classFailure.isPresent() ? PhaseResult.Status.BROKEN : PhaseResult.Status.judge(lines);
      result = new PhaseResult(phase, source, status, tally.started, now, lines, summary);
      System.out.printf(
          "%nphase %s (%s): %s, %s%s%n",
          phase,
          context.getRequiredTestClass().getSimpleName(),
          status,
          summary,
          lines.skipReasons().stream()
              .map(reason -> System.lineSeparator() + "  SKIPPED " + reason)
              .collect(Collectors.joining()));
    }
    AutoCloseable owner = context.getStore(NAMESPACE).remove(TRAFFIC_OWNER, AutoCloseable.class);
    try {
      holder.session().ledger().update(ledger -> ledger.withPhase(result));
    } finally {
      // given back only once the result is recorded: until then another run must not take the
      // traffic for abandoned
      if (owner != null) owner.close();
    }
    // the Pushgateway holds what the ledger holds now; a failed push is recorded, never the phase's
    holder.session().runMetrics().publish("after phase " + phase);
    // a phase that did not pass may leave the canary serving short of the lock: the halt policy
    // does not leave it there
    holder.session().halts().apply("after phase " + phase);
  }

  private static Optional<Tally> tally(ExtensionContext context) {
    return Optional.ofNullable(
        classContext(context).getStore(NAMESPACE).get(Tally.class, Tally.class));
  }

  /**
   * The first line, redacted: the ledger outlives the run and is shared between runners, never a
   * secret in it.
   */
  private static String firstLine(String message) {
    return redacted(String.valueOf(message).lines().findFirst().orElse(""));
  }

  private static String redacted(String message) {
    return new Redactor(SecretRegistry.run()).redact(String.valueOf(message));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVABLE.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    CutoverSession session = session(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == Environment.class) return session.environment();
    if (type == LedgerStore.class) return session.ledger();
    if (type == LineContext.class) {
      return new LineContext(
          session.environment(), session.kubernetes(), session.ledger(), Clock.systemUTC());
    }
    if (type == GateChecks.class) {
      // one per phase class: its evaluator is closed with the class, its last report feeds the
      // progress lines
      return classContext(context)
          .getStore(NAMESPACE)
          .computeIfAbsent(
              GateChecks.class,
              key ->
                  GateChecks.forPhase(
                      session.environment(),
                      session.ledger(),
                      phase(context),
                      session.kubernetes()),
              GateChecks.class);
    }
    return session.kubernetes();
  }

  /** What ran in one class (one phase), for its ledger entry. */
  private static final class Tally {
    final Instant started;
    final List<String> skips = new ArrayList<>();
    int passed;
    int failed;
    String firstFailure;

    Tally(Instant started) {
      this.started = started;
    }

    // checks of a concurrent phase end on several threads
    synchronized void passed() {
      passed++;
    }

    synchronized void failed(String failure) {
      failed++;
      if (firstFailure == null) firstFailure = failure;
    }

    synchronized void skipped(String reason) {
      skips.add(reason);
    }
  }
}
