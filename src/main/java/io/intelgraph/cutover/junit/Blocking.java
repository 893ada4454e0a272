package io.intelgraph.cutover.junit;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A check the rest of its phase depends on: if it fails, the checks after it in the class are
 * skipped with its failure as the reason (no point ramping when the canary never became ready).
 *
 * <pre>{@code
 * @Test @Order(1) @Blocking void canaryRolloutCompletes() { ... }
 * }</pre>
 */
@Target(METHOD)
@Retention(RUNTIME)
@Documented
public @interface Blocking {}
