package io.intelgraph.cutover.secrets;

/**
 * A secret could not be kept out of an output (a binary file that holds one) or a scan could not
 * read what it was given; the message says what, where and the fix, and never the secret itself.
 */
public class SecretException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretException(String message) {
    super(message);
  }

  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
