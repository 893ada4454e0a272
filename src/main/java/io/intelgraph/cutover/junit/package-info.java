/**
 * The JUnit wiring: one annotation per phase (the API) and the package-private extensions behind
 * them that parse the environment once, guard phase order through the ledger, record results,
 * attach evidence to Allure, redact every output and run the rollback plan once on RED. The only
 * product package that talks to Allure's lifecycle and the ledger on the checks' behalf; may import
 * {@code config}, {@code gate}, {@code ledger}, {@code evidence}, {@code secrets}, {@code rollback},
 * {@code cluster}, {@code support} and {@code waiting}.
 */
package io.intelgraph.cutover.junit;
