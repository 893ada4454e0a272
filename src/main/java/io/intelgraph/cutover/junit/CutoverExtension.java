package io.intelgraph.cutover.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.Redactor;
import io.intelgraph.cutover.evidence.SecretRegistry;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.PhaseResult;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Opens the run's {@link CutoverSession} before the first phase (failing every phase with the
 * configuration's message if it cannot), resolves the shared resources as parameters and records
 * each phase's result in the ledger; files each check in the Allure report ({@link AllureMetadata}).
 */
final class CutoverExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AfterTestExecutionCallback, ParameterResolver {

  static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CutoverExtension.class);
  private static final Set<Class<?>> RESOLVABLE = Set.of(Environment.class, LedgerStore.class, KubernetesClient.class,
      GateChecks.class);

  /** The run's session holder, opened on first use. */
  static CutoverSession.Holder holder(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(CutoverSession.Holder.class, type -> CutoverSession.Holder.openFromSystem(), CutoverSession.Holder.class);
  }

  static CutoverSession session(ExtensionContext context) {
    return holder(context).session();
  }

  static Phase phase(ExtensionContext context) {
    return context.getTestClass()
        .flatMap(type -> AnnotationSupport.findAnnotation(type, CutoverPhase.class))
        .map(CutoverPhase::value)
        .orElseThrow(() -> new IllegalStateException("%s has no phase annotation (e.g. @GatePhase)".formatted(context.getDisplayName())));
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
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    CutoverSession.Holder holder = holder(context);
    if (!holder.failed()) {
      AllureMetadata.apply(context, phase(context), holder.session().environment().release());
    }
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Tally tally = classContext(context).getStore(NAMESPACE).get(Tally.class, Tally.class);
    if (tally == null) return;
    tally.ran++;
    context.getExecutionException().filter(e -> !(e instanceof TestAbortedException)).ifPresent(e -> {
      tally.failed++;
      if (tally.firstFailure == null) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        // the ledger outlives the run and is shared between runners: never a secret in it
        tally.firstFailure = context.getRequiredTestMethod().getName() + ": " + new Redactor(SecretRegistry.run()).redact(message);
      }
    });
  }

  @Override
  public void afterAll(ExtensionContext context) {
    CutoverSession.Holder holder = holder(context);
    Tally tally = context.getStore(NAMESPACE).get(Tally.class, Tally.class);
    if (holder.failed() || tally == null) {
      return; // nothing ran and there is no ledger to write to; the failure is already the class's result
    }
    PhaseResult.Status status = tally.failed > 0 ? PhaseResult.Status.FAILED : PhaseResult.Status.PASSED;
    String summary = "%d checks ran, %d failed".formatted(tally.ran, tally.failed)
        + (tally.firstFailure == null ? "" : "; first failure " + tally.firstFailure);
    PhaseResult result = new PhaseResult(phase(context).tag(), context.getRequiredTestClass().getName(), status,
        tally.started, Instant.now(), summary);
    holder.session().ledger().update(ledger -> ledger.withPhase(result));
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
    if (type == GateChecks.class) {
      // one per phase class: its evaluator is closed with the class, its last report feeds the progress lines
      return classContext(context).getStore(NAMESPACE).computeIfAbsent(GateChecks.class,
          key -> GateChecks.forPhase(session.environment(), session.ledger(), phase(context)), GateChecks.class);
    }
    return session.kubernetes();
  }

  /** What ran in one class (one phase), for its ledger entry. */
  private static final class Tally {
    final Instant started;
    int ran;
    int failed;
    String firstFailure;

    Tally(Instant started) {
      this.started = started;
    }
  }
}
