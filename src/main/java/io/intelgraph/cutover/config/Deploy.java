package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The runbook's two deploy steps, run by the suite in {@code drive} mode and verified from the
 * cluster in both modes: T-0's {@code deploy-canary.sh} before the canary rollout line, and the
 * lock's {@code helm upgrade ... --set ingress.traffic.canary.enabled=false --wait}.
 *
 * <pre>{@code
 * deploy:
 *   canary_command: ./scripts/cutover/deploy-canary.sh          # no shell: words split on whitespace
 *   lock_command: helm upgrade intelgraph-maestro ./helm/intelgraph -f values-prod.yaml --set ingress.traffic.canary.enabled=false --wait
 *   canary_timeout: 10m
 *   lock_timeout: 10m
 * }</pre>
 *
 * A command runs without a shell in the suite's working directory, with {@code
 * CUTOVER_RELEASE_TAG}, {@code CUTOVER_ENV}, {@code CUTOVER_ATTEMPT} and {@code CUTOVER_NAMESPACE}
 * in its environment.
 *
 * @param canaryCommand T-0's deploy of the canary; absent in drive mode = the rollout line is not
 *     configured
 * @param lockCommand the lock's chart upgrade; absent in drive mode = the lock line is not
 *     configured
 * @param canaryTimeout the canary command's bound; it is killed after it
 * @param lockTimeout the lock command's bound (give {@code helm --wait}'s own timeout room)
 * @param versionLabel the label of the canary deployment's pod template that says which release it
 *     runs (Kubernetes' recommended {@code app.kubernetes.io/version}); after the deploy it must be
 *     {@code release.tag}
 * @param helmRelease the Helm release the lock upgrades, whose newest release record (a Secret
 *     {@code sh.helm.release.v1.<release>.v<N>}) the lock line reads
 * @param lockValuePath the dotted path, in the release's user-supplied values, of what the lock
 *     sets
 * @param lockValue the value the lock sets there, as YAML writes it ({@code false})
 */
public record Deploy(
    Optional<String> canaryCommand,
    Optional<String> lockCommand,
    Duration canaryTimeout,
    Duration lockTimeout,
    String versionLabel,
    String helmRelease,
    String lockValuePath,
    String lockValue) {

  public Deploy {
    requireCommand("canary_command", canaryCommand, "./scripts/cutover/deploy-canary.sh");
    requireCommand(
        "lock_command",
        lockCommand,
        "helm upgrade intelgraph-maestro ./helm/intelgraph -f values-prod.yaml --set ingress.traffic.canary.enabled=false --wait");
    Chaos.requirePositive("canary_timeout", canaryTimeout);
    Chaos.requirePositive("lock_timeout", lockTimeout);
    if (versionLabel == null || versionLabel.isBlank()) {
      throw new IllegalArgumentException(
          "version_label is blank; name the pod template label holding the release, e.g. app.kubernetes.io/version");
    }
    // Helm release names are DNS-1123 labels (helm install refuses others)
    if (helmRelease == null || !helmRelease.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "helm_release '%s' is not a Helm release name (lower case letters, digits, -), e.g. intelgraph-maestro"
              .formatted(helmRelease));
    }
    if (lockValuePath == null || !lockValuePath.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
      throw new IllegalArgumentException(
          "lock_value_path '%s' must be a dotted path into the chart's values, e.g. ingress.traffic.canary.enabled"
              .formatted(lockValuePath));
    }
    if (lockValue == null || lockValue.isBlank()) {
      throw new IllegalArgumentException(
          "lock_value is blank; give the value the lock sets at lock_value_path, e.g. \"false\"");
    }
  }

  private static void requireCommand(String key, Optional<String> command, String example) {
    if (command.isPresent() && command.get().isBlank()) {
      throw new IllegalArgumentException(
          "%s is blank; remove the key or give a command, e.g. %s".formatted(key, example));
    }
  }
}
