package io.intelgraph.cutover.golden;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A cookie jar that keeps cookies the way a browser does for a headless login.
 *
 * <p>Design note: the JDK {@link CookieManager} does the storing, domain and path matching (RFC
 * 6265 5.1.3, 5.1.4) but never sends a {@code Secure} cookie over {@code http}. Browsers treat
 * loopback hosts ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) as potentially trustworthy
 * origins and do send them there (W3C Secure Contexts 3.2; Chromium and Firefox since 2020).
 * Keycloak marks its login-flow cookies {@code Secure} even on plain http, so without this a
 * provider on a developer's loopback answers 400 "restart login cookie not found". {@code SameSite}
 * never withholds a cookie here: every request of the login is a first-party, top-level navigation
 * or form post to the provider itself, which is where browsers send even {@code SameSite=Strict}
 * cookies. https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies
 */
final class BrowserCookies extends CookieHandler {

  private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9.]+|\\[[0-9a-f:.]+\\]");

  private final CookieManager store = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);

  @Override
  public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
      throws IOException {
    return store.get(isLoopbackHttp(uri) ? asSecure(uri) : uri, requestHeaders);
  }

  @Override
  public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
    store.put(uri, responseHeaders);
  }

  /** The values of every cookie kept so far (a login session), e.g. to register them as secrets. */
  List<String> values() {
    return store.getCookieStore().getCookies().stream().map(HttpCookie::getValue).toList();
  }

  static boolean isLoopbackHttp(URI uri) {
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) return false;
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.endsWith(".localhost")) return true;
    if (!ADDRESS_LITERAL.matcher(host).matches())
      return false; // only literal addresses: never resolve a name to decide
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException ignored) {
      return false; // not a literal address after all: not loopback
    }
  }

  private static URI asSecure(URI uri) {
    try {
      return new URI(
          "https",
          uri.getRawUserInfo(),
          uri.getHost(),
          uri.getPort(),
          uri.getRawPath(),
          null,
          null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot restate " + uri + " as https", e);
    }
  }
}
