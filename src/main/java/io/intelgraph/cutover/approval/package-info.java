/**
 * Signed statements (JWS) by the people whose word the release needs, each with its role's key:
 * go-live approvals (one per role, over the release, who, when and the evidence manifest's digest,
 * verified at the day-3 closeout), and decisions on a gate check that stayed inconclusive (GO or
 * ROLLBACK, verified by the waiting run). May import {@code config}, {@code evidence} (the signing
 * key) and {@code support}.
 */
package io.intelgraph.cutover.approval;
