package io.intelgraph.cutover.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from anything before it becomes evidence.
 *
 * <p>Two passes. First every value the {@link SecretRegistry} knows is replaced by {@code
 * [REDACTED:<reference>]}, e.g. {@code [REDACTED:env:OIDC_CLIENT_SECRET]}. Then anything shaped
 * like a credential is masked even if nobody registered it: JWTs, the credential of an {@code
 * Authorization} header (bearer, basic, ...), {@code client_secret=}, {@code password=} and similar
 * key/value pairs (form, query, JSON, YAML), and cookie values of {@code Cookie:} and {@code
 * Set-Cookie:} headers. Redaction is idempotent: redacting redacted text changes nothing.
 *
 * <pre>{@code
 * Redactor redactor = new Redactor(secrets);
 * String safe = redactor.redact(httpExchange);
 * }</pre>
 */
public final class Redactor {

  private static final String MARK = "[REDACTED:";
  private static final String NOT_ALREADY = "(?!\\[REDACTED)";

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]*\\.eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)(\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?(?:(?:bearer|basic|digest|token|negotiate)\\s+)?+)"
              + NOT_ALREADY
              + "([^\\s\"',;]+)");
  private static final Pattern BEARER =
      Pattern.compile("(?i)(\\bbearer\\s+)" + NOT_ALREADY + "([A-Za-z0-9._~+/=-]{8,})");
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)(\\b(client_secret|password|passwd|api_key|apikey|access_token|refresh_token|id_token|private_key)"
              + "[\"']?\\s*[=:]\\s*[\"']?)"
              + NOT_ALREADY
              + "([^\\s\"'&,;}\\]]+)");
  private static final Pattern COOKIE_HEADER =
      Pattern.compile("(?im)(\\b(set-cookie|cookie)[\"']?\\s*:\\s*[\"']?)([^\"'\\r\\n]*)");
  private static final Pattern COOKIE_PAIR =
      Pattern.compile("([^=;\\s]+)=" + NOT_ALREADY + "([^;]*)");

  private final SecretRegistry secrets;

  public Redactor(SecretRegistry secrets) {
    this.secrets = secrets;
  }

  /** The text with every known secret and every credential-shaped value replaced. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) return text;
    String result = text;
    for (Map.Entry<String, String> secret : secrets.entriesLongestFirst()) {
      if (result.contains(secret.getKey())) {
        result = result.replace(secret.getKey(), MARK + secret.getValue() + "]");
      }
    }
    result = replace(JWT, result, m -> MARK + "jwt]");
    result = replace(AUTHORIZATION, result, m -> m.group(1) + MARK + "authorization]");
    result = replace(BEARER, result, m -> m.group(1) + MARK + "bearer]");
    result =
        replace(
            KEY_VALUE, result, m -> m.group(1) + MARK + m.group(2).toLowerCase(Locale.ROOT) + "]");
    result =
        replace(COOKIE_HEADER, result, m -> m.group(1) + redactCookies(m.group(2), m.group(3)));
    return result;
  }

  /**
   * Redacts content of the given media type. Text (any {@code text/*}, JSON, XML, YAML, form data,
   * or bytes that are valid UTF-8) is redacted as text; binary content (an image, a zip) cannot be
   * edited without corrupting it, so binary content holding a known secret is refused.
   *
   * @throws SecretException if binary content contains a known secret
   */
  public byte[] redact(byte[] content, String mediaType, String name) {
    String text =
        isText(mediaType) ? new String(content, StandardCharsets.UTF_8) : decodeUtf8(content);
    if (text != null) {
      return redact(text).getBytes(StandardCharsets.UTF_8);
    }
    String raw = new String(content, StandardCharsets.ISO_8859_1);
    for (Map.Entry<String, String> secret : secrets.entriesLongestFirst()) {
      if (raw.contains(
          new String(
              secret.getKey().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
        throw new SecretException(
            ("attachment '%s' (%s) contains the secret %s and is binary, so it cannot be"
                    + " redacted without corrupting it; it was not written. Produce it without the secret.")
                .formatted(name, mediaType, secret.getValue()));
      }
    }
    return content;
  }

  static boolean isText(String mediaType) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.contains("json")
        || type.contains("xml")
        || type.contains("yaml")
        || type.contains("x-www-form-urlencoded")
        || type.contains("javascript")
        || type.contains("csv");
  }

  private static String decodeUtf8(byte[] content) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
      return text.indexOf('\0') >= 0 ? null : text;
    } catch (CharacterCodingException notText) {
      return null;
    }
  }

  private static String redactCookies(String header, String value) {
    if (header.equalsIgnoreCase("set-cookie")) {
      // only the first pair is the cookie; the rest are attributes (Path, Expires, HttpOnly)
      int end = value.indexOf(';');
      String first = end < 0 ? value : value.substring(0, end);
      String rest = end < 0 ? "" : value.substring(end);
      return replace(COOKIE_PAIR, first, m -> m.group(1) + "=" + MARK + "cookie]") + rest;
    }
    return replace(COOKIE_PAIR, value, m -> m.group(1) + "=" + MARK + "cookie]");
  }

  private static String replace(
      Pattern pattern, String text, Function<MatchResult, String> replacement) {
    return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
  }
}
