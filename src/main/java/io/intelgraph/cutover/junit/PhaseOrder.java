package io.intelgraph.cutover.junit;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs phase classes in the run of show's order (baseline, preflight, canary, ramp, gate, ...),
 * whatever order the build tool discovered them in; within a phase, and for classes without one, by
 * name. Configured for the {@code cutover} profile with {@code
 * junit.jupiter.testclass.order.default=io.intelgraph.cutover.junit.PhaseOrder}.
 */
public final class PhaseOrder implements ClassOrderer {

  private static final Comparator<ClassDescriptor> ORDER =
      Comparator.comparingInt(
              (ClassDescriptor descriptor) ->
                  AnnotationSupport.findAnnotation(descriptor.getTestClass(), CutoverPhase.class)
                      .map(phase -> phase.value().ordinal())
                      .orElse(Integer.MAX_VALUE))
          .thenComparing(descriptor -> descriptor.getTestClass().getName());

  @Override
  public void orderClasses(org.junit.jupiter.api.ClassOrdererContext context) {
    context.getClassDescriptors().sort(ORDER);
  }
}
