/**
 * What only people can judge, made checkable: their judgements given per run and recorded as
 * attestations ({@link io.intelgraph.cutover.review.Judgement}), and the facts around a document
 * review (the DR runbook's last change). May import {@code ledger} only.
 */
package io.intelgraph.cutover.review;
