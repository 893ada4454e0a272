package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.prometheus.PromQlException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How the gates read the futures of their Prometheus questions: an unanswered question is an answer
 * (a {@link PromQlException}, judged as ERROR), anything else is a bug and surfaces as itself.
 */
final class AsyncAnswers {

  private AsyncAnswers() {}

  /** The PromQlException behind {@code failure}; anything else is a bug and rethrown as such. */
  static PromQlException promQlFailure(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof PromQlException e) return e;
    throw failure instanceof CompletionException c ? c : new CompletionException(cause);
  }

  /** The future's value; a runtime failure inside it is rethrown unwrapped. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      throw e;
    }
  }
}
