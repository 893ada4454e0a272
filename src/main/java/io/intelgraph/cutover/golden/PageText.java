package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.support.Excerpts;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an error page of an identity provider or an API says to a person, excerpted for a failure
 * message: the provider's own error element where it has one, else the visible text of the body
 * (never the {@code <head>}, scripts or styles).
 *
 * <p>Known error elements: Keycloak's {@code #input-error} and {@code .kc-feedback-text}
 * (themes/base/login/template.ftl), {@code .alert-error}, {@code #error-message}, and an {@code
 * error_description} in a JSON body (RFC 6749 5.2).
 */
final class PageText {

  private static final int LIMIT = 300;
  private static final List<Pattern> ERROR_ELEMENTS =
      List.of(
          element("id=\"input-error[^\"]*\""),
          element("class=\"[^\"]*kc-feedback-text[^\"]*\""),
          element("class=\"[^\"]*alert-error[^\"]*\""),
          element("id=\"error-message\""));
  private static final Pattern JSON_DESCRIPTION =
      Pattern.compile("\"error_description\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern JSON_ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");

  private PageText() {}

  private static Pattern element(String attribute) {
    return Pattern.compile(
        "<(\\w+)[^>]*\\b" + attribute + "[^>]*>(.*?)</\\1>",
        Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  /** The page's error as a person reads it, at most 300 characters; "(empty body)" for nothing. */
  static String errorOf(String body) {
    if (body == null || body.isBlank()) return "(empty body)";
    for (Pattern pattern : ERROR_ELEMENTS) {
      Matcher m = pattern.matcher(body);
      if (m.find()) {
        String text = visible(m.group(2));
        if (!text.isBlank()) return excerpt(text);
      }
    }
    Matcher description = JSON_DESCRIPTION.matcher(body);
    if (description.find()) {
      Matcher error = JSON_ERROR.matcher(body);
      return excerpt((error.find() ? error.group(1) + ": " : "") + description.group(1));
    }
    return excerpt(visible(body));
  }

  private static String visible(String html) {
    String text =
        html.replaceAll("(?is)<head\\b.*?</head>", " ")
            .replaceAll("(?is)<(script|style|noscript)\\b.*?</\\1>", " ")
            .replaceAll("(?s)<[^>]*>", " ")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
    return text.replaceAll("\\s+", " ").trim();
  }

  private static String excerpt(String text) {
    return Excerpts.of(text, LIMIT);
  }
}
