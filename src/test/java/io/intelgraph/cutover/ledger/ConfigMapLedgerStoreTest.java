package io.intelgraph.cutover.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ConfigMapLedgerStoreTest {

  static final Instant NOW = Instant.parse("2026-11-27T14:00:00Z");
  static final String NS = "intelgraph-maestro";

  KubernetesClient client;

  private ConfigMapLedgerStore store(int maxAttempts) {
    return new ConfigMapLedgerStore(
        client, NS, "ledger", "v1", Clock.fixed(NOW, ZoneOffset.UTC), maxAttempts);
  }

  private static Attestation attestation(String who) {
    return new Attestation(who, "checked", NOW);
  }

  @Test
  void theFirstReadCreatesTheConfigMapAndUpdatesPersist() {
    Ledger created = store(5).read();
    store(5).update(l -> l.withAttestation(attestation("sre")));

    ConfigMap map = client.configMaps().inNamespace(NS).withName("ledger").get();
    assertThat(map.getData().get(ConfigMapLedgerStore.KEY))
        .contains("\"attemptId\" : \"" + created.attemptId() + "\"", "\"who\" : \"sre\"");
    assertThat(store(5).read().attestations()).containsExactly(attestation("sre"));
  }

  @Test
  void aWriteInBetweenIsDetectedByResourceVersionAndTheChangeIsReappliedOnTheFreshLedger() {
    store(5).read();
    AtomicInteger calls = new AtomicInteger();

    Ledger result =
        store(5)
            .update(
                l -> {
                  if (calls.incrementAndGet() == 1) {
                    store(5).update(other -> other.withAttestation(attestation("other-runner")));
                  }
                  return l.withAttestation(attestation("this-runner"));
                });

    assertThat(calls).hasValue(2);
    assertThat(result.attestations())
        .containsExactly(attestation("other-runner"), attestation("this-runner"));
    assertThat(store(5).read().attestations())
        .containsExactly(attestation("other-runner"), attestation("this-runner"));
  }

  @Test
  void twoClientsRacingLoseNoUpdate() throws Exception {
    store(5).read();
    List<CompletableFuture<Void>> racers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      String who = "runner-" + r;
      racers.add(
          CompletableFuture.runAsync(
              () ->
                  IntStream.range(0, 20)
                      .forEach(
                          i ->
                              store(50)
                                  .update(
                                      l ->
                                          l.withAttestation(
                                              new Attestation(who, "update " + i, NOW))))));
    }
    CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(store(5).read().attestations()).hasSize(40);
  }

  @Test
  void endlessConflictsGiveUpAfterTheBoundWithAClearMessage() {
    store(3).read();

    assertThatThrownBy(
            () ->
                store(3)
                    .update(
                        l -> {
                          store(3).update(other -> other.withAttestation(attestation("busy")));
                          return l.withAttestation(attestation("starved"));
                        }))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining(
            "ledger configmap intelgraph-maestro/ledger: gave up after 3 conflicting updates (409 Conflict each time)");
  }

  @Test
  void aConfigMapWithoutALedgerIsRefusedNotOverwritten() {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("ledger")
                .withNamespace(NS)
                .endMetadata()
                .withData(Map.of("other", "x"))
                .build())
        .create();

    assertThatThrownBy(() -> store(5).update(l -> l.withAttestation(attestation("a"))))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining(
            "ledger configmap intelgraph-maestro/ledger exists but has no `ledger.json` key");
    assertThat(client.configMaps().inNamespace(NS).withName("ledger").get().getData())
        .containsOnlyKeys("other");
  }

  @Test
  void aNewAttemptCopiesTheOldLedgerAsideAndStartsEmpty() {
    Ledger first = store(5).update(l -> l.withAttestation(attestation("first")));

    Ledger second = store(5).startNewAttempt();

    assertThat(second.attemptId()).isNotEqualTo(first.attemptId());
    assertThat(store(5).read().attestations()).isEmpty();
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName("ledger-before-" + second.attemptId().toLowerCase())
                .get()
                .getData()
                .get(ConfigMapLedgerStore.KEY))
        .contains(first.attemptId());
  }

  @Test
  void theAttemptNumberCountsTheAttemptsArchivedBeforeIt() {
    assertThat(store(5).read().attempt()).isEqualTo(1);

    store(5).startNewAttempt();
    Ledger third = store(5).startNewAttempt();

    assertThat(third.attempt()).isEqualTo(3);
    assertThat(store(5).read().attempt())
        .as("the number is the ledger's, not recounted on read")
        .isEqualTo(3);
  }

  @Test
  void archivedAttemptsAreReadBackOldestFirstLeavingOutForeignConfigMaps() {
    LedgerEvent drill = new LedgerEvent("drill", "postgres restore", NOW, true, "restored", null);
    Ledger first = store(5).update(l -> l.withEvent(drill));
    store(5).startNewAttempt();
    Ledger second = store(5).update(l -> l.withAttestation(attestation("second")));
    store(5).startNewAttempt();
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("ledger-before-garbage")
                .addToLabels("app.kubernetes.io/managed-by", "maestro-cutover")
                .endMetadata()
                .withData(Map.of(ConfigMapLedgerStore.KEY, "garbage"))
                .build())
        .create();

    List<Ledger> archived = store(5).archivedAttempts();

    assertThat(archived)
        .extracting(Ledger::attemptId)
        .containsExactly(first.attemptId(), second.attemptId());
    assertThat(archived.get(0).events("drill")).containsExactly(drill);
    assertThat(archived.get(1).attestations()).containsExactly(attestation("second"));
  }
}
