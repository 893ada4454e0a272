/** maestro-cutover: conducts and verifies a production cutover as JUnit 5 tests. */
package io.intelgraph.cutover;
