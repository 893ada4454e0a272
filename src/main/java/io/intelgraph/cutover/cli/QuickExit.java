package io.intelgraph.cutover.cli;

/**
 * Ends the command line's JVM without the exit wait the JDK's HTTP client costs it.
 *
 * <p>Design note: on JDK 17, {@code System.exit} waits up to 300 ms for threads that are in native
 * code to block (HotSpot's {@code VM_Exit::wait_for_threads_in_native_to_block}). A {@code
 * java.net.http.HttpClient} keeps one such thread, its selector manager, in {@code epoll_wait} for
 * as long as the client lives, and JDK 17 has no {@code HttpClient.close()} (JDK 21 added it:
 * https://docs.oracle.com/en/java/javase/21/docs/api/java.net.http/java/net/http/HttpClient.html#close()).
 * Measured here, that wait was a third of a cold {@code gates} run. Once the command has returned
 * and its output is flushed, no request is in flight, so interrupting the selector threads (the JDK
 * names them {@code HttpClient-<n>-SelectorManager}; interrupted, one leaves its loop and closes
 * its selector) is safe. Should a JDK name them otherwise, nothing is interrupted and the exit only
 * waits as before.
 *
 * <pre>{@code QuickExit.exit(execute(out, err, args));}</pre>
 */
final class QuickExit {

  private static final String SELECTOR_THREAD_SUFFIX = "-SelectorManager";

  private QuickExit() {}

  /**
   * Stops the HTTP clients' selector threads, then {@code System.exit(code)}. Only for {@code
   * main}: the JVM ends.
   */
  static void exit(int code) {
    stopHttpSelectorThreads();
    System.exit(code);
  }

  /** Interrupts every live HTTP client selector thread and gives each up to 50 ms to end. */
  static void stopHttpSelectorThreads() {
    Thread[] threads = new Thread[Thread.activeCount() + 16];
    int count = Thread.enumerate(threads);
    for (int i = 0; i < count; i++) {
      Thread thread = threads[i];
      if (thread.getName().startsWith("HttpClient-")
          && thread.getName().endsWith(SELECTOR_THREAD_SUFFIX)) {
        thread.interrupt();
        try {
          thread.join(50);
        } catch (InterruptedException ignored) {
          // exiting anyway: at worst the JVM waits for this thread as it would have without us
          break;
        }
      }
    }
  }
}
