/**
 * Bounded waits with a name, an upper bound, a fail-fast and progress lines (over Awaitility), for
 * rollouts, ramps and gate cadences; never {@code Thread.sleep}. Imports no other product package.
 */
package io.intelgraph.cutover.waiting;
