package io.intelgraph.cutover.ledger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.LedgerSpec;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The ledger store an environment names ({@code ledger.store}): the file at {@code ledger.path}
 * (relative to the working directory) or the ConfigMap {@code ledger.config_map} in {@code
 * cluster.namespace}. One place, so the run of show and the command line open the same ledger.
 *
 * <pre>{@code
 * LedgerStore store = LedgerStores.forEnvironment(env, kubernetes);
 * }</pre>
 */
public final class LedgerStores {

  /** How often a ConfigMap update starts over after a 409 Conflict before it gives up. */
  static final int CONFIGMAP_ATTEMPTS = 10;

  private LedgerStores() {}

  public static LedgerStore forEnvironment(Environment environment, KubernetesClient kubernetes) {
    LedgerSpec spec = environment.ledger();
    String tag = environment.release().tag();
    return spec.store() == LedgerSpec.Store.FILE
        ? new FileLedgerStore(
            Path.of("").toAbsolutePath().resolve(spec.path()), tag, Clock.systemUTC())
        : new ConfigMapLedgerStore(
            kubernetes,
            environment.cluster().namespace(),
            spec.configMap(),
            tag,
            Clock.systemUTC(),
            CONFIGMAP_ATTEMPTS);
  }
}
