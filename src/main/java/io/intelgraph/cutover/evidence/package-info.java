/**
 * Evidence: everything the run saw, redacted, attached to Allure and sealed in a signed bundle.
 *
 * <p>Flow: {@link io.intelgraph.cutover.secrets.SecretRegistry} learns every secret value (from the
 * environment and at runtime); {@link io.intelgraph.cutover.secrets.Redactor} removes them and
 * anything shaped like a credential; {@link io.intelgraph.cutover.evidence.EvidenceWriter} is the
 * only way an attachment is written; {@link io.intelgraph.cutover.evidence.EvidenceBundle} seals
 * the files and the Allure results under a signed manifest, and {@link
 * io.intelgraph.cutover.evidence.EvidenceVerifier} proves later that nothing was edited. {@link
 * io.intelgraph.cutover.evidence.GateCheckEvidence} renders a gate check as JSON and Markdown.
 *
 * <p>May import {@code config}, {@code gate} (values), {@code ledger}, {@code secrets} and {@code
 * support}; redaction itself lives in {@code secrets}, which this package builds on for Allure's
 * writers.
 */
package io.intelgraph.cutover.evidence;
