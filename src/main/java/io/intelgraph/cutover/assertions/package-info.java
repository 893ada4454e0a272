/**
 * Domain assertions in the AssertJ style ({@link
 * io.intelgraph.cutover.assertions.CutoverAssertions}): the run of show and users' own checks
 * assert verdicts, goldens and rollouts in the runbook's words, and a failure message carries the
 * evidence. Owns only assertion classes; imports the value types of {@code gate}, {@code golden}
 * and {@code cluster}, the excerpts of {@code support} and AssertJ, nothing else.
 */
package io.intelgraph.cutover.assertions;
