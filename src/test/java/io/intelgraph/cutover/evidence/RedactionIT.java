package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.golden.OidcLogin;
import io.intelgraph.cutover.golden.Tokens;
import io.intelgraph.cutover.junit.PreflightPhase;
import io.intelgraph.cutover.junit.RedactingAllureListener;
import io.intelgraph.cutover.sandbox.oidc.OidcProvider;
import io.intelgraph.cutover.secrets.RedactingOutputStream;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.secrets.SecretScan;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.slf4j.LoggerFactory;

/**
 * Redaction end to end: a small run-of-show phase runs against the embedded sandbox, logs in to its
 * OIDC provider for real, and then does everything a careless check could do with the credentials:
 * attaches them with plain {@code Allure.addAttachment}, puts them in a step name and a parameter,
 * logs them, writes them as evidence and fails with them in the message (which lands in the
 * ledger). Afterwards every file the run produced (Allure results, evidence, ledger, log) is
 * searched for the client secret, the tokens and a fake token registered at runtime: nothing may be
 * found.
 *
 * <p>The phase runs through the JUnit Platform launcher rather than {@code EngineTestKit}, since
 * the Allure listener is a launcher listener and the engine test kit bypasses listeners.
 */
class RedactionIT {

  static final String FIXTURES = "maestro.redaction.fixtures";
  static final String FAKE_TOKEN = "fake-runtime-token-4f9c2e7a1b";

  /** What the fixture obtained, for the scan; static because the fixture runs in the same JVM. */
  static final Map<String, String> SEEN = new LinkedHashMap<>();

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class CarelessPreflight {

    static Tokens tokens;

    @BeforeAll
    static void login(Environment env) {
      OidcLogin login =
          OidcLogin.discover(env.endpoints().oidcIssuer(), env.oidc(), Duration.ofSeconds(10));
      tokens = login.authorizationCode(login.account(env.goldens().tenant()));
      SEEN.put("access token", tokens.accessToken().reveal());
      tokens.idToken().ifPresent(id -> SEEN.put("id token", id.reveal()));
      SecretRegistry.run().register("test:fake-token", FAKE_TOKEN);
    }

    @Test
    @Order(1)
    void attachesEverything(Environment env) {
      String clientSecret = env.oidc().clientSecret().orElseThrow().reveal();
      String access = tokens.accessToken().reveal();
      String exchange =
          """
          POST /oauth2/token HTTP/1.1
          Authorization: Bearer %s
          Cookie: session=%s

          client_secret=%s&token=%s
          """
              .formatted(access, FAKE_TOKEN, clientSecret, access);
      Allure.addAttachment("exchange with " + FAKE_TOKEN, "text/plain", exchange);
      Allure.addAttachment(
          "token as json",
          "application/json",
          "{\"token\": \"%s\", \"secret\": \"%s\"}".formatted(access, clientSecret));
      Allure.step("logged in as " + access, () -> {});
      Allure.parameter("client secret", clientSecret);
      LoggerFactory.getLogger(CarelessPreflight.class)
          .info("obtained token {} with client secret {} and {}", access, clientSecret, FAKE_TOKEN);
      EvidenceWriter.forPhase(
              env.evidence().directory(),
              env.release().tag(),
              "canary",
              new Redactor(SecretRegistry.run()))
          .attach("careless " + FAKE_TOKEN, "text/plain", exchange);
    }

    @Test
    @Order(2)
    void failsWithTheSecretsInItsMessage(Environment env) {
      throw new AssertionError(
          "the API refused token %s (client secret %s, fake %s)"
              .formatted(
                  tokens.accessToken().reveal(),
                  env.oidc().clientSecret().orElseThrow().reveal(),
                  FAKE_TOKEN));
    }
  }

  @Test
  void aSandboxPhaseLeaksNoSecretIntoAnyFileItProduces() throws IOException {
    Path root = Path.of("target", "redaction-it").toAbsolutePath();
    deleteRecursively(root);
    Path results = root.resolve("allure-results");
    Path log = root.resolve("logs").resolve("stderr.log");
    Files.createDirectories(log.getParent());

    Map<String, String> properties = new HashMap<>();
    properties.put(FIXTURES, "true");
    properties.put("allure.results.directory", results.toString());
    properties.put("cutover.ledger.path", root.resolve("cutover-ledger.json").toString());
    properties.put("cutover.evidence.directory", root.resolve("cutover-evidence").toString());
    Map<String, String> previous = new HashMap<>();
    properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));

    AllureLifecycle outer = Allure.getLifecycle();
    PrintStream stderr = System.err;
    Redactor redactor = new Redactor(SecretRegistry.run());
    AllureLifecycle inner = AllureRedaction.lifecycle(results, redactor);
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    try (OutputStream logFile = Files.newOutputStream(log)) {
      // what AllureRedaction.install() does for the run, here onto a file of this test's own
      System.setErr(RedactingOutputStream.printStream(new Tee(logFile, logged), redactor));
      Allure.setLifecycle(inner);
      Launcher launcher =
          LauncherFactory.create(
              LauncherConfig.builder()
                  .enableTestExecutionListenerAutoRegistration(false)
                  .addTestExecutionListeners(new RedactingAllureListener(inner), summary)
                  .build());
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(CarelessPreflight.class))
              .build());
    } finally {
      System.err.flush();
      System.setErr(stderr);
      Allure.setLifecycle(outer);
      previous.forEach(
          (key, value) -> {
            if (value == null) System.clearProperty(key);
            else System.setProperty(key, value);
          });
    }

    TestExecutionSummary ran = summary.getSummary();
    assertThat(SEEN)
        .as("tokens obtained by the fixture's real OIDC login (failures: %s)", failures(ran))
        .containsKey("access token");
    assertThat(ran.getTestsSucceededCount())
        .as("checks that passed; failures: %s", failures(ran))
        .isEqualTo(1);
    assertThat(ran.getTestsFailedCount())
        .as("the check that fails with the secrets in its message")
        .isEqualTo(1);

    Map<String, String> needles = new LinkedHashMap<>(SEEN);
    needles.put("sandbox OIDC client secret", OidcProvider.CLIENT_SECRET);
    needles.put("fake runtime token", FAKE_TOKEN);
    assertThat(SecretScan.of(needles).scan(root)).as("secrets found under %s", root).isEmpty();

    // not vacuous: the careless output is there, redacted
    String resultsText = concatenated(results);
    assertThat(resultsText)
        .contains("[REDACTED:oidc:access-token]", "[REDACTED:file:", "[REDACTED:test:fake-token]")
        .contains("the API refused token [REDACTED:oidc:access-token]");
    assertThat(Files.readString(root.resolve("cutover-ledger.json")))
        .contains("the API refused token [REDACTED:oidc:access-token]");
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("obtained token [REDACTED:oidc:access-token]");
    try (Stream<Path> evidence = Files.walk(root.resolve("cutover-evidence"))) {
      assertThat(evidence.filter(Files::isRegularFile).toList())
          .as("evidence files written")
          .isNotEmpty();
    }
  }

  private static List<String> failures(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage())
        .toList();
  }

  private static String concatenated(Path directory) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (!file.toString().endsWith(".png")) text.append(Files.readString(file)).append('\n');
      }
    }
    return text.toString();
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      first.write(bytes, offset, length);
      second.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
