package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Login pages written the ways providers and themes write them, read as a browser reads them. */
class LoginFormTest {

  private static final URI PAGE =
      URI.create("https://id.example.org/realms/intelgraph/protocol/openid-connect/auth?x=1");

  @Test
  void keycloaksFormPostsToItsActionWithItsHiddenInputsDecoded() {
    String page =
        """
        <html><body><form id="kc-form-login" action="/realms/intelgraph/login-actions/authenticate?session_code=a&amp;execution=b" method="post">
        <input type="hidden" name="credentialId" value="">
        <input type="text" name="username"><input type="password" name="password">
        <input type="hidden" name="csrf" value="x&quot;y&#39;z&lt;"></form></body></html>""";

    LoginForm form = LoginForm.find(page, PAGE).orElseThrow();

    assertThat(form.action())
        .isEqualTo(
            URI.create(
                "https://id.example.org/realms/intelgraph/login-actions/authenticate?session_code=a&execution=b"));
    assertThat(form.hiddenFields())
        .containsExactly(
            java.util.Map.entry("credentialId", ""), java.util.Map.entry("csrf", "x\"y'z<"));
  }

  @Test
  void unquotedAndUpperCaseAttributesAreRead() {
    String page =
        "<FORM ACTION=/login METHOD=post><INPUT TYPE=HIDDEN NAME=state VALUE=s-42>"
            + "<input type=password name=pw></FORM>";

    LoginForm form = LoginForm.find(page, PAGE).orElseThrow();

    assertThat(form.action()).isEqualTo(URI.create("https://id.example.org/login"));
    assertThat(form.hiddenFields()).containsExactly(java.util.Map.entry("state", "s-42"));
  }

  @Test
  void aDataTypeAttributeIsNotTheInputsType() {
    String page =
        "<form action='/login'><input data-type='hidden' type='text' name='username' value='u'>"
            + "<input type='hidden' data-type='text' name='nonce' value='n-1'></form>";

    assertThat(LoginForm.find(page, PAGE).orElseThrow().hiddenFields())
        .containsExactly(java.util.Map.entry("nonce", "n-1"));
  }

  @Test
  void onAPageWithTwoFormsTheLoginFormIsTheOneWithAPassword() {
    String page =
        """
        <form action="/locale"><input type="hidden" name="kc_locale" value="de"></form>
        <form action="/authenticate"><input type="hidden" name="session_code" value="c-7">
        <input type="password" name="password"></form>""";

    LoginForm form = LoginForm.find(page, PAGE).orElseThrow();

    assertThat(form.action()).isEqualTo(URI.create("https://id.example.org/authenticate"));
    assertThat(form.hiddenFields()).containsExactly(java.util.Map.entry("session_code", "c-7"));
  }

  @Test
  void withoutAnActionTheFormPostsToThePageAndAPageWithoutAFormHasNone() {
    assertThat(LoginForm.find("<form><input type=password name=p></form>", PAGE))
        .hasValueSatisfying(form -> assertThat(form.action()).isEqualTo(PAGE));
    assertThat(LoginForm.find("<p>Sign in with your badge</p>", PAGE)).isEmpty();
    assertThat(LoginForm.find(null, PAGE)).isEmpty();
  }
}
