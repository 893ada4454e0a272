/**
 * The command line ({@code java -jar maestro-cutover.jar}, picocli): gates, goldens, replay,
 * rollback, approve and verify-evidence, each a thin command over the product packages with the
 * environment options and the rendering (table or JSON) they share. May import any product package
 * (it is the top of the flow); no product package imports it.
 */
package io.intelgraph.cutover.cli;
