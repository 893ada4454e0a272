/**
 * Secrets: keeping every secret value of a run out of everything the run writes.
 *
 * <p>Owns {@link io.intelgraph.cutover.secrets.SecretRegistry} (every configured secret and every
 * token, code or cookie obtained at runtime, by a printable reference), the {@link
 * io.intelgraph.cutover.secrets.Redactor} that replaces them and anything shaped like a credential,
 * {@link io.intelgraph.cutover.secrets.RedactingOutputStream} for standard output and error, and
 * {@link io.intelgraph.cutover.secrets.SecretScan} that proves a tree of outputs holds none.
 * Clients (golden), evidence, the ledger's messages and logging all redact through it. May import
 * {@code config} (for {@code Secret}) and the JDK only; Allure's writers live in {@code evidence},
 * which builds on this package.
 */
package io.intelgraph.cutover.secrets;
