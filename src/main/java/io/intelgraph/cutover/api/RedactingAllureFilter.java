package io.intelgraph.cutover.api;

import io.intelgraph.cutover.secrets.Redactor;
import io.qameta.allure.Allure;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.Set;

/**
 * Attaches each REST Assured exchange to the Allure report, redacted: credentials in headers are
 * masked by name, and every configured secret is masked wherever it appears (URL, headers, bodies).
 * Allure's own REST Assured filter attaches the raw exchange, token included; this one never does.
 */
final class RedactingAllureFilter implements Filter {

  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
  private static final int MAX_BODY = 4_000;

  /** Where an exchange goes: its title and its redacted text. */
  interface Attachments {
    void attach(String name, String text);
  }

  private final Redactor redactor;
  private final Attachments attachments;

  RedactingAllureFilter(Redactor redactor) {
    this(redactor, (name, text) -> Allure.addAttachment(name, "text/plain", text, ".txt"));
  }

  RedactingAllureFilter(Redactor redactor, Attachments attachments) {
    this.redactor = redactor;
    this.attachments = attachments;
  }

  @Override
  public Response filter(
      FilterableRequestSpecification request,
      FilterableResponseSpecification response,
      FilterContext context) {
    Response answer = context.next(request, response);
    StringBuilder text = new StringBuilder();
    text.append(request.getMethod()).append(' ').append(request.getURI()).append('\n');
    for (Header header : request.getHeaders()) {
      text.append(header.getName()).append(": ").append(masked(header)).append('\n');
    }
    Object body = request.getBody();
    if (body != null) text.append('\n').append(truncate(String.valueOf(body))).append('\n');
    text.append("\n--> ").append(answer.getStatusLine()).append('\n');
    for (Header header : answer.getHeaders()) {
      text.append(header.getName()).append(": ").append(masked(header)).append('\n');
    }
    text.append('\n').append(truncate(answer.asString()));
    attachments.attach(
        "%s %s -> %d"
            .formatted(
                request.getMethod(), redactor.redact(request.getURI()), answer.getStatusCode()),
        redactor.redact(text.toString()));
    return answer;
  }

  private static String masked(Header header) {
    return CREDENTIAL_HEADERS.contains(header.getName().toLowerCase(java.util.Locale.ROOT))
        ? "[REDACTED]"
        : header.getValue();
  }

  private static String truncate(String body) {
    return body.length() <= MAX_BODY
        ? body
        : body.substring(0, MAX_BODY)
            + "\n[... "
            + (body.length() - MAX_BODY)
            + " more characters]";
  }
}
