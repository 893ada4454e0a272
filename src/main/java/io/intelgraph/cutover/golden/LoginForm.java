package io.intelgraph.cutover.golden;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The login form of a provider's login page: where it posts and its hidden inputs (a CSRF token, a
 * session code), which a headless login must send back. The page is parsed as a browser parses it
 * (jsoup, the WHATWG HTML parsing algorithm: unquoted and upper-case attributes, character
 * references, {@code data-*} attributes that are not {@code type}). On a page with several forms (a
 * language picker, a "forgot password" form) the login form is the one with a password input, else
 * the first.
 */
record LoginForm(URI action, Map<String, String> hiddenFields) {

  /** The login form on {@code page}, served from {@code pageUri}; empty if the page has none. */
  static Optional<LoginForm> find(String page, URI pageUri) {
    Document document = Jsoup.parse(page == null ? "" : page, pageUri.toString());
    Elements forms = document.select("form");
    if (forms.isEmpty()) return Optional.empty();
    Element form =
        forms.stream()
            .filter(f -> !f.select("input[type=password]").isEmpty())
            .findFirst()
            .orElse(forms.first());
    String action = form.attr("action").strip();
    Map<String, String> hidden = new LinkedHashMap<>();
    for (Element input : form.select("input[type=hidden][name]")) {
      if (!input.attr("name").isEmpty()) hidden.put(input.attr("name"), input.attr("value"));
    }
    return Optional.of(new LoginForm(action.isEmpty() ? pageUri : pageUri.resolve(action), hidden));
  }
}
