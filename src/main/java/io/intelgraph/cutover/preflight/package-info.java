/**
 * The T-15 system validation probes: API health per track, TLS certificates, DNS TTLs, OPA bundle
 * status and decision latency, WAL archiving, cost allocation, each against the real system's
 * documented API and failing closed, with errors that name the URL, the bound and the answer; and
 * the policy engine as a gate of every later check ({@link
 * io.intelgraph.cutover.preflight.PolicyEngineGate}, a {@code gate} source). May import {@code
 * config}, {@code gate}, {@code prometheus}, {@code support} and the track attribution of {@code
 * golden}.
 */
package io.intelgraph.cutover.preflight;
