/**
 * Go-live approvals: signed statements (JWS) by the people whose sign-off the release needs, one
 * per role, over the release, who, when and the evidence manifest's digest; and their verification
 * against each role's public key at the day-3 closeout. May import {@code config}, {@code evidence}
 * (the signing key) and {@code support}.
 */
package io.intelgraph.cutover.approval;
