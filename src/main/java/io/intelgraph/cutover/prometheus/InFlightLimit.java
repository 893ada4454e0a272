package io.intelgraph.cutover.prometheus;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code max} asynchronous exchanges in flight; the rest wait their turn in order, without
 * holding a thread. Keeps one check's fan-out of questions from opening dozens of connections at
 * once.
 */
public final class InFlightLimit {

  private final int max;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int running; // guarded by this

  public InFlightLimit(int max) {
    if (max < 1)
      throw new IllegalArgumentException("in-flight limit must be at least 1, got " + max);
    this.max = max;
  }

  /**
   * Starts {@code exchange} now if a slot is free, else when one frees; the result mirrors the
   * exchange's.
   */
  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> exchange) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start =
        () -> {
          CompletableFuture<T> started;
          try {
            started = exchange.get();
          } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
          }
          started.whenComplete(
              (value, failure) -> {
                release();
                if (failure != null) result.completeExceptionally(failure);
                else result.complete(value);
              });
        };
    boolean now;
    synchronized (this) {
      now = running < max;
      if (now) running++;
      else waiting.add(start);
    }
    if (now) start.run();
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) running--; // else the slot passes straight to the next exchange
    }
    if (next != null) next.run();
  }
}
