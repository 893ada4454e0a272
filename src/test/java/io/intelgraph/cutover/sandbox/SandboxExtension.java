package io.intelgraph.cutover.sandbox;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.GateEvaluator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * {@link SandboxTest}'s extension: the {@link SandboxResource} lives in the store of the annotated
 * class (or, shared, of the engine root) keyed by its options, so JUnit closes it when that context
 * ends, after a failed test as after a passed one.
 */
final class SandboxExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SandboxExtension.class);

  /** What tests may ask for, and how each comes from the sandbox. */
  private static final Map<Class<?>, Function<SandboxResource, Object>> PARAMETERS =
      Map.of(
          SandboxResource.class, resource -> resource,
          Sandbox.class, SandboxResource::sandbox,
          Environment.class, SandboxResource::environment,
          GateEvaluator.class, SandboxResource::evaluator,
          TrafficRouter.class, SandboxResource::router);

  /** The options that tell one sandbox from another. */
  private record Key(Class<? extends ApiLauncher> api, int canaryPercent) {
    static Key of(SandboxTest options) {
      return new Key(options.api(), options.canaryPercent());
    }

    SandboxResource start() {
      SandboxOptions options = SandboxOptions.defaults();
      if (api != SandboxTest.NoApi.class)
        options = options.withApi(ReflectionSupport.newInstance(api));
      return SandboxResource.start(options, canaryPercent);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    resource(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    resource(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return PARAMETERS.containsKey(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return PARAMETERS.get(parameter.getParameter().getType()).apply(resource(context));
  }

  /** The sandbox of the nearest annotated class, started on first use. */
  private static SandboxResource resource(ExtensionContext context) {
    ExtensionContext owner = context;
    Optional<SandboxTest> options = annotation(owner);
    while (options.isEmpty()) {
      owner =
          owner
              .getParent()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "SandboxExtension registered on %s without @SandboxTest on it or an enclosing class; annotate the class with @SandboxTest"
                              .formatted(context.getDisplayName())));
      options = annotation(owner);
    }
    Key key = Key.of(options.get());
    ExtensionContext.Store store =
        options.get().shared() ? context.getRoot().getStore(NAMESPACE) : owner.getStore(NAMESPACE);
    return store.computeIfAbsent(key, k -> k.start(), SandboxResource.class);
  }

  /** The annotation on a class context's own class; method contexts are skipped. */
  private static Optional<SandboxTest> annotation(ExtensionContext context) {
    if (context.getTestMethod().isPresent()) return Optional.empty();
    return context
        .getTestClass()
        .flatMap(type -> AnnotationSupport.findAnnotation(type, SandboxTest.class));
  }
}
