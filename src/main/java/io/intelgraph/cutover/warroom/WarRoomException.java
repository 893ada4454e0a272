package io.intelgraph.cutover.warroom;

/**
 * A message did not reach the war room: the webhook timed out, refused the connection or answered
 * with anything but a 2xx. The message names the webhook's reference and the fix, never its URL.
 */
public class WarRoomException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WarRoomException(String message) {
    super(message);
  }
}
