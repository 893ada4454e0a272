package io.intelgraph.cutover.golden;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first HTML form of a provider's login page: where it posts and its hidden inputs (a CSRF
 * token, a session code), which a headless login must send back. Deliberately small: providers'
 * login pages are simple forms, and anything fancier fails loudly rather than being guessed at.
 */
record LoginForm(URI action, Map<String, String> hiddenFields) {

  private static final Pattern FORM =
      Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern INPUT =
      Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

  /** The form on {@code page}, served from {@code pageUri}; empty if the page has none. */
  static Optional<LoginForm> find(String page, URI pageUri) {
    Matcher form = FORM.matcher(page == null ? "" : page);
    if (!form.find()) return Optional.empty();
    URI action =
        attribute(form.group(1), "action")
            .filter(a -> !a.isBlank())
            .map(pageUri::resolve)
            .orElse(pageUri);
    Map<String, String> hidden = new LinkedHashMap<>();
    Matcher input = INPUT.matcher(form.group(2));
    while (input.find()) {
      String attributes = input.group(1);
      if (attribute(attributes, "type").map("hidden"::equalsIgnoreCase).orElse(false)) {
        attribute(attributes, "name")
            .ifPresent(name -> hidden.put(name, attribute(attributes, "value").orElse("")));
      }
    }
    return Optional.of(new LoginForm(action, hidden));
  }

  private static Optional<String> attribute(String attributes, String name) {
    Matcher m =
        Pattern.compile(
                "\\b" + name + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE)
            .matcher(attributes);
    if (!m.find()) return Optional.empty();
    String value = m.group(2) != null ? m.group(2) : m.group(3);
    return Optional.of(
        value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">"));
  }
}
