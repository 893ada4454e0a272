package io.intelgraph.cutover.cluster;

/** The cluster is not as the environment describes it; the message says what and where. */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
