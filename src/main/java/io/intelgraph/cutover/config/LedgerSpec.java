package io.intelgraph.cutover.config;

import java.nio.file.Path;

/**
 * Where the ledger of this release attempt lives: a local file (one runner, or a shared volume) or
 * a ConfigMap (runners that share nothing but the cluster).
 */
public record LedgerSpec(Store store, Path path, String configMap) {
  public enum Store {
    FILE,
    CONFIGMAP
  }
}
