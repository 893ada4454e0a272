package io.intelgraph.cutover.config;

import java.util.Optional;

/**
 * People's confirmations the run of show asks for at T-30, given per run (e.g. {@code
 * -Dcutover.attestations.on_call="alice (primary SRE), bob (platform backup)"} or {@code
 * CUTOVER_ATTESTATIONS_ON_CALL}) and recorded in the ledger with the time they were checked.
 *
 * @param restoreTested who ran the restore drill of the current backups and when (T-15 "Backup
 *     verification: Restore procedures tested"): only the declared fallback of that line. The suite
 *     restores a database itself (the closeout's PostgreSQL restore drill, recorded in the ledger),
 *     and the line passes on such a drill; this person's word is accepted only when the ledger of
 *     the release records no restore drill at all
 * @param alertFatigue the on-call team's judgement of the first 24 hours (KPI watch "Alert fatigue
 *     indicators")
 * @param lessonsLearned who incorporated the lessons learned into the runbook, and where (closeout
 *     "Runbook updates")
 * @param drRunbookReviewed who reviewed the disaster recovery runbook, and when (closeout "Disaster
 *     recovery runbook")
 * @param falsePositiveRate who reviewed the first 24 hours' pages and the share resolved without
 *     action (KPI watch "False positive rate < 5%"), unless {@code kpi.queries.false_positive_rate}
 *     measures it
 */
public record Attestations(
    Optional<String> onCall,
    Optional<String> warRoom,
    Optional<String> emergencyContacts,
    Optional<String> restoreTested,
    Optional<String> alertFatigue,
    Optional<String> lessonsLearned,
    Optional<String> drRunbookReviewed,
    Optional<String> falsePositiveRate) {}
