package io.intelgraph.cutover.sandbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against the embedded {@link Sandbox}: started before the class's first test (before
 * its {@code @BeforeAll} methods), reset to HEALTHY after each test (faults cleared, the canary
 * back at {@link #canaryPercent()}), stopped when the class ends or, with {@link #shared()}, when
 * the test JVM ends. Test and lifecycle methods take {@link Sandbox}, {@link SandboxResource},
 * {@code Environment}, {@code GateEvaluator} and {@code TrafficRouter} as parameters.
 *
 * <pre>{@code
 * @SandboxTest(canaryPercent = 20)
 * class CanaryIT {
 *   @Test
 *   void breaches(Sandbox sandbox, GateEvaluator evaluator) { ... }
 * }
 * }</pre>
 *
 * <p>Nested classes use their enclosing class's sandbox unless annotated themselves.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SandboxExtension.class)
public @interface SandboxTest {

  /**
   * The API in the sandbox (with its DNS and TLS edge), made with its no-argument constructor: the
   * reference API under load by default, none with {@link NoApi}.
   */
  Class<? extends ApiLauncher> api() default ReferenceApiLauncher.class;

  /** The canary's weight once started and after every test. */
  int canaryPercent() default 0;

  /**
   * One sandbox for every class of the test JVM with the same options instead of one per class;
   * what a test changes beyond faults and weight (Prometheus' history, the rollout) stays for the
   * next class.
   */
  boolean shared() default false;

  /** A sandbox without an API: what {@link SandboxOptions#defaults()} starts. */
  final class NoApi implements ApiLauncher {
    private NoApi() {}

    @Override
    public StartedApi start(ApiContext context) {
      throw new UnsupportedOperationException("NoApi marks a sandbox without an API");
    }
  }
}
