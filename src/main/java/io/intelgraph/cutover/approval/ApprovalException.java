package io.intelgraph.cutover.approval;

/** An approval that cannot be written or read; the message names the file or key and the fix. */
public final class ApprovalException extends RuntimeException {
  public ApprovalException(String message) {
    super(message);
  }
}
