package io.intelgraph.cutover.junit;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A check whose failure of any kind is RED and rolls back at once: a security or policy regression
 * (auth bypass, OPA failure), the API or a database unavailable.
 *
 * <pre>{@code
 * @Test @Critical void anonymousWritesAreRejected() { ... }
 * }</pre>
 */
@Target({METHOD, TYPE})
@Retention(RUNTIME)
@Documented
@Inherited
public @interface Critical {}
