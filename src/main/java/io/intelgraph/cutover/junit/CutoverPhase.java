package io.intelgraph.cutover.junit;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.intelgraph.cutover.session.Phase;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a phase annotation ({@link GatePhase} and its siblings) with the phase it stands for, so
 * the wiring knows which phase a class runs. Not used on test classes directly.
 */
@Target(ANNOTATION_TYPE)
@Retention(RUNTIME)
@Documented
public @interface CutoverPhase {
  Phase value();
}
