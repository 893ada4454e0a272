package io.intelgraph.cutover.junit;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.intelgraph.cutover.session.Phase;
import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The T+120 phase: the evidence snapshot and bundle. Run with {@code -Dgroups=evidence}. The class
 * gets the environment, the ledger and the rollback wiring; its checks run in {@code @Order}.
 *
 * <pre>{@code
 * @EvidencePhase
 * class EvidenceChecks {
 *   @Test @Order(1) @Blocking void first(Environment env) { ... }
 * }
 * }</pre>
 */
@Target(TYPE)
@Retention(RUNTIME)
@Documented
@Inherited
@CutoverPhase(Phase.EVIDENCE)
@Tag("evidence")
@TestMethodOrder(OrderAnnotation.class)
@ExtendWith({CutoverExtension.class, PhaseGuard.class, RollbackOnRed.class})
public @interface EvidencePhase {}
