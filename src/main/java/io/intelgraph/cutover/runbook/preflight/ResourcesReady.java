package io.intelgraph.cutover.runbook.preflight;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.cluster.ReadyConditions;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;
import java.util.function.Function;

/**
 * A T-15 line on operator-managed resources: every resource of one kind in the cutover namespace
 * has {@code Ready=True} ("cert-manager Ready=True: All certificates valid", "External Secrets
 * synced"); each that is not is a problem with its reason and message, and none at all is one.
 *
 * <pre>{@code
 * assertThat(ResourcesReady.certificates().run(context)).passed();
 * }</pre>
 */
public final class ResourcesReady implements RunbookLine {

  private final String what;
  private final Function<LineContext, List<ReadyConditions.Readiness>> read;

  ResourcesReady(String what, Function<LineContext, List<ReadyConditions.Readiness>> read) {
    this.what = what;
    this.read = read;
  }

  /** cert-manager's Certificates. */
  public static ResourcesReady certificates() {
    return of("cert-manager Certificates", context -> ReadyConditions.CERTIFICATES);
  }

  /**
   * The ExternalSecrets, as {@code external-secrets.io/v1}, or {@code v1beta1} on an operator that
   * does not serve v1 yet (API discovery decides).
   */
  public static ResourcesReady externalSecrets() {
    return of(
        "ExternalSecrets",
        context -> conditions(context).servedVersion(ReadyConditions.EXTERNAL_SECRETS_VERSIONS));
  }

  private static ResourcesReady of(
      String what, Function<LineContext, ResourceDefinitionContext> kind) {
    return new ResourcesReady(what, context -> conditions(context).of(kind.apply(context)));
  }

  private static ReadyConditions conditions(LineContext context) {
    return new ReadyConditions(context.kubernetes(), context.environment().cluster().namespace());
  }

  @Override
  public LineReport run(LineContext context) {
    String namespace = context.environment().cluster().namespace();
    LineReport.Builder report = context.report();
    Reading.of(report, what + " in namespace " + namespace, () -> read.apply(context))
        .ifPresent(
            all -> {
              report.evidence(
                  what,
                  all.isEmpty()
                      ? "none in " + namespace
                      : String.join(
                          "\n", all.stream().map(ReadyConditions.Readiness::describe).toList()));
              List<String> notReady =
                  all.stream()
                      .filter(r -> !r.isReady())
                      .map(ReadyConditions.Readiness::describe)
                      .toList();
              // none at all is no proof: the line promises the resources the release relies on
              report.problemIf(
                  all.isEmpty(),
                  "no %s in namespace %s: nothing proves the release's are Ready; check"
                      + " cluster.namespace and that the operator's resources are deployed there",
                  what,
                  namespace);
              report.problemIf(
                  !notReady.isEmpty(),
                  "%d of %d %s in %s not Ready: %s",
                  notReady.size(),
                  all.size(),
                  what,
                  namespace,
                  notReady);
            });
    return report.judged();
  }
}
