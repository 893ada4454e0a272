package io.intelgraph.cutover.prometheus;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A PromQL query produced no usable answer. It always names the query, so the evidence shows what
 * was asked; a gate turns it into the {@code ERROR} outcome, never into a value.
 *
 * <pre>{@code
 * catch (PromQlException e) { log(e.kind() + " for " + e.query() + ": " + e.getMessage()); }
 * }</pre>
 */
public final class PromQlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why there is no answer. */
  public enum Kind {
    /** Prometheus could not be reached (connection refused, DNS, reset). */
    UNREACHABLE,
    /** No complete answer within the query timeout. */
    TIMEOUT,
    /** An HTTP status other than 2xx without a Prometheus error body (a proxy, a 404). */
    HTTP_STATUS,
    /** The body was not the API's JSON shape, or not the shape the caller needed. */
    BAD_RESPONSE,
    /** Prometheus answered {@code status: error} (bad_data, execution, timeout, ...). */
    QUERY_ERROR
  }

  private final Kind kind;
  private final String query;
  private final int httpStatus;
  private final String body;

  PromQlException(
      Kind kind, String query, int httpStatus, String body, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind);
    this.query = Objects.requireNonNull(query);
    this.httpStatus = httpStatus;
    this.body = body == null ? "" : body;
  }

  static PromQlException of(Kind kind, String query, String message) {
    return new PromQlException(kind, query, 0, "", message, null);
  }

  /**
   * An answer that arrived but cannot be used as asked, e.g. several series where one was expected.
   */
  public static PromQlException badResponse(String query, String message) {
    return of(Kind.BAD_RESPONSE, query, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The PromQL as sent. */
  public String query() {
    return query;
  }

  /** The HTTP status when an answer arrived. */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** The raw body when one arrived (possibly truncated by the caller for display), else empty. */
  public String body() {
    return body;
  }
}
