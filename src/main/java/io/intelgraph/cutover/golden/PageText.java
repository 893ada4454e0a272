package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.support.Excerpts;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import tools.jackson.databind.JsonNode;

/**
 * What an error page of an identity provider or an API says to a person, excerpted for a failure
 * message: the provider's own error element where it has one, else the visible text of the body
 * (never the {@code <head>}, scripts or styles). HTML is parsed as a browser parses it (jsoup), a
 * JSON body with Jackson.
 *
 * <p>Known error elements: Keycloak's {@code #input-error} and {@code .kc-feedback-text}
 * (themes/base/login/template.ftl), {@code .alert-error}, {@code #error-message}, and an {@code
 * error_description} in a JSON body (RFC 6749 5.2).
 */
final class PageText {

  private static final int LIMIT = 300;
  private static final List<String> ERROR_ELEMENTS =
      List.of("[id^=input-error]", ".kc-feedback-text", ".alert-error", "#error-message");

  private PageText() {}

  /** The page's error as a person reads it, at most 300 characters; "(empty body)" for nothing. */
  static String errorOf(String body) {
    if (body == null || body.isBlank()) return "(empty body)";
    if (body.strip().startsWith("{")) {
      String oauthError = oauthError(body);
      if (!oauthError.isEmpty()) return excerpt(oauthError);
    }
    Document page = Jsoup.parse(body);
    page.select("head, script, style, noscript, template").remove();
    for (String selector : ERROR_ELEMENTS) {
      Element element = page.selectFirst(selector);
      if (element != null && !element.text().isBlank()) return excerpt(element.text());
    }
    return excerpt(page.text());
  }

  /** "error: error_description" of an RFC 6749 error response, or "" if the body is none. */
  private static String oauthError(String body) {
    JsonNode json;
    try {
      json = Json.parse("error response", body);
    } catch (GoldenException notJson) {
      return "";
    }
    String description = json.path("error_description").asString("");
    String error = json.path("error").asString("");
    if (description.isEmpty()) return "";
    return error.isEmpty() ? description : error + ": " + description;
  }

  private static String excerpt(String text) {
    return Excerpts.of(text.replaceAll("\\s+", " ").strip(), LIMIT);
  }
}
