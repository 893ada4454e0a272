package com.example.cutover;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.runbook.LineReport;
import io.qameta.allure.Allure;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A line a team adds in its own module, depending on the suite's jar only: its evidence and an
 * attachment of its own carry a token, as a careless line would.
 */
class IdentityProviderAnswersTest {

  static final String TOKEN =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb25zdW1lci1tb2R1bGUifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

  @Test
  void identityProviderAnswers() {
    LineReport report =
        LineReport.at(Instant.now())
            .evidence("token response", "HTTP/1.1 200 OK\nAuthorization: Bearer " + TOKEN)
            .judged();
    Allure.addAttachment("raw exchange", "text/plain", "id_token=" + TOKEN);
    assertThat(report).passed();
  }
}
