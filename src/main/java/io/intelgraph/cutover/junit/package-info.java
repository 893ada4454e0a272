/**
 * The JUnit wiring: one annotation per phase (the API) and the package-private extensions behind
 * them that parse the environment once, guard phase order through the ledger, record results,
 * attach evidence to Allure, redact every output and run the rollback plan once on RED. {@link
 * io.intelgraph.cutover.junit.GateChecks} is only the glue around the gate domain's check run: the
 * ledger as its history, Allure for its evidence, and the verdict thrown as a failure. The only
 * product package that talks to Allure's lifecycle and the ledger on the checks' behalf; may import
 * {@code config}, {@code gate}, {@code ledger}, {@code evidence}, {@code secrets}, {@code
 * rollback}, {@code cluster}, {@code support}, {@code waiting} and {@code preflight} (the policy
 * engine's gate source).
 */
package io.intelgraph.cutover.junit;
