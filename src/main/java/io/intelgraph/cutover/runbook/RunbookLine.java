package io.intelgraph.cutover.runbook;

/**
 * One line of the run of show as a check: it reads what it needs from the context, judges it and
 * returns the judgement with its evidence. What it finds, including an endpoint that does not
 * answer or a missing configuration, is a {@link LineReport}, never an exception; an exception
 * means the line itself is broken.
 *
 * <pre>{@code
 * RunbookLine freeze = DeploymentFreeze.fromConfiguration();
 * assertThat(freeze.run(context)).passed();
 * }</pre>
 */
@FunctionalInterface
public interface RunbookLine {

  LineReport run(LineContext context);
}
