package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.cluster.AccessReview;
import io.intelgraph.cutover.runbook.LineContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCanRunTest {

  @TempDir Path dir;

  private DeployCanRun line(boolean listSecretsAllowed) {
    return new DeployCanRun(
        (context, request) ->
            new AccessReview.Answer(
                request, listSecretsAllowed, listSecretsAllowed ? "" : "RBAC: no rule", false),
        dir);
  }

  private Path script(String name, boolean executable) throws IOException {
    Path script = Files.createDirectories(dir.resolve("scripts")).resolve(name);
    Files.writeString(script, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(
        script, PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
    return script;
  }

  private Map<String, String> commands() {
    Map<String, String> properties = new HashMap<>();
    properties.put("cutover.deploy.canary_command", "./scripts/deploy-canary.sh --wait");
    properties.put("cutover.deploy.lock_command", "./scripts/lock.sh");
    return properties;
  }

  @Test
  void bothCommandsExecutableAndTheReleaseRecordsReadablePass() throws IOException {
    script("deploy-canary.sh", true);
    script("lock.sh", true);

    assertThat(line(true).run(LineContexts.at(dir, commands()))).passed();
  }

  @Test
  void aCommandThatIsMissingOrNotExecutableFailsNamingItsKeyAndTheFix() throws IOException {
    script("lock.sh", false);

    assertThat(line(true).run(LineContexts.at(dir, commands())))
        .failedWith(
            "deploy.canary_command `./scripts/deploy-canary.sh --wait`: ",
            "does not exist",
            "deploy.lock_command `./scripts/lock.sh`: ",
            "is not executable; chmod +x it");
  }

  @Test
  void releaseRecordsTheLockCannotReadFailNamingTheManifestToApply() throws IOException {
    script("deploy-canary.sh", true);
    script("lock.sh", true);

    assertThat(line(false).run(LineContexts.at(dir, commands())))
        .failedWith("can-i list secrets", "ci/k8s/cutover-lock-rbac.yaml");
  }

  @Test
  void driveModeWithoutTheCommandsIsNotConfiguredNamingTheKeys() {
    assertThat(line(true).run(LineContexts.at(dir, Map.of())))
        .isNotConfigured("deploy.canary_command and deploy.lock_command", "observe mode");
  }

  @Test
  void observeModeChecksOnlyWhatTheLockLineReads() {
    assertThat(line(true).run(LineContexts.at(dir, Map.of("cutover.mode", "observe")))).passed();
    assertThat(line(false).run(LineContexts.at(dir, Map.of("cutover.mode", "observe"))))
        .failedWith("can-i list secrets");
  }
}
