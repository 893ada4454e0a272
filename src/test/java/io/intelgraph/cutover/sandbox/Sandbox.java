package io.intelgraph.cutover.sandbox;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.runmetrics.RunMetrics;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.cluster.IngressTrafficWeights;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import io.intelgraph.cutover.sandbox.edge.DnsStandIn;
import io.intelgraph.cutover.sandbox.edge.TlsEdge;
import io.intelgraph.cutover.sandbox.oidc.OidcProvider;
import io.intelgraph.cutover.sandbox.postgres.PostgresSandbox;
import io.intelgraph.cutover.sandbox.postgres.SourcePostgres;
import io.intelgraph.cutover.sandbox.prometheus.Alertmanager;
import io.intelgraph.cutover.sandbox.prometheus.BlackboxExporter;
import io.intelgraph.cutover.sandbox.prometheus.BurnRateRules;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import io.intelgraph.cutover.sandbox.prometheus.PushgatewayServer;
import io.intelgraph.cutover.sandbox.prometheus.ScrapeTarget;
import io.intelgraph.cutover.sandbox.prometheus.WebSecurity;
import io.intelgraph.cutover.sandbox.registry.RegistryServer;
import io.intelgraph.cutover.sandbox.registry.SupplyChainSeed;
import io.intelgraph.cutover.sandbox.standin.ChaosMeshStandIn;
import io.intelgraph.cutover.sandbox.standin.CostStandIn;
import io.intelgraph.cutover.sandbox.standin.KafkaMetricsStandIn;
import io.intelgraph.cutover.sandbox.standin.Neo4jBoltStandIn;
import io.intelgraph.cutover.sandbox.standin.OpaStandIn;
import io.intelgraph.cutover.sandbox.standin.PlatformExportersStandIn;
import io.intelgraph.cutover.sandbox.standin.WebhookSink;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded reference environment: a real OIDC provider, a seeded Kubernetes API (fabric8 CRUD
 * mock), a real PostgreSQL with WAL archiving and its postgres_exporter, the real blackbox exporter
 * probing PostgreSQL's port and a Neo4j Bolt stand-in's, stand-ins for OPA, Kafka metrics and cost,
 * a real image registry holding the API's signed images, the API (through {@link ApiLauncher}), a
 * real Prometheus scraping all of it every second and a real Alertmanager paging a PagerDuty sink
 * with Prometheus' burn-rate alert, and a real Pushgateway that holds the run of show's own metrics
 * (scraped with {@code honor_labels}, under the product's DORA recording rules), all on 127.0.0.1
 * ephemeral ports.
 *
 * <p>Tests take it from {@link SandboxTest}; programs start it through {@link SandboxResource}:
 *
 * <pre>{@code
 * try (SandboxResource resource = SandboxResource.start(SandboxOptions.defaults(), 0)) {
 *   resource.sandbox().endpoints().prometheus();
 *   resource.sandbox().faults().activate(Fault.PROMETHEUS_DOWN);
 * }
 * }</pre>
 *
 * <p>Design: the child processes (PostgreSQL, Prometheus, the registry, the blackbox exporter,
 * Alertmanager) start on their own threads beside the JVM-side components, which start in
 * dependency order (OIDC, Kubernetes, stand-ins, API); everything is pushed on a stack as it comes
 * up. The Prometheus process starts first, with no targets, and is given them by a config reload
 * once every port is known: its start-up and its discovery manager's 5 s update tick then overlap
 * with the JVM-side start-up instead of following it. {@link #close()} and a failed start pop the
 * stack, so nothing outlives the sandbox. {@link #start} returns once Prometheus has scraped every
 * target successfully. {@link Fault#PROMETHEUS_DOWN} freezes Prometheus (queries time out) until
 * another fault is activated; {@link Fault#KAFKA_LAG} is played by the Kafka stand-in; {@link
 * Fault#DATABASE_DOWN} stops the real PostgreSQL (its probe fails) until another fault is
 * activated; API faults are the API's, through the same {@link FaultSwitch}.
 */
public final class Sandbox implements AutoCloseable {

  /** Prometheus job of the API tracks; each target carries a {@code track} label. */
  public static final String API_JOB = "intelgraph-api";

  public static final String KAFKA_JOB = "kafka";

  /** The Debian postgresql package's server binaries. */
  static final Path POSTGRES_BIN = Path.of("/usr/lib/postgresql/15/bin");

  /** The API's circuit breaker state, as the chaos stand-in flips it during a partition. */
  public static final String CHAOS_JOB = "circuit-breaker";

  public static final String OPA_JOB = "opa";

  /**
   * Prometheus job of the databases' blackbox probes; each target carries a {@code database} label.
   */
  public static final String DATABASE_PROBE_JOB = "blackbox-databases";

  /** Prometheus job of Alertmanager's own metrics ({@code alertmanager_notifications_total}). */
  public static final String ALERTMANAGER_JOB = "alertmanager";

  /** Prometheus job of the Pushgateway the run of show pushes its own metrics to. */
  public static final String PUSHGATEWAY_JOB = "pushgateway";

  /** The product's DORA recording rules over the pushed cutover metrics, as a user loads them. */
  static final String DORA_RULES = "cutover-dora.yml";

  /** The rule file with the API's error-budget burn-rate alert. */
  static final String BURN_RATE_RULES = "burn-rate.yml";

  /**
   * {@code -Dsandbox.prometheus.secured=true} serves Prometheus over TLS with basic auth, the
   * environment given the credentials by reference.
   */
  public static final String SECURED_PROMETHEUS = "sandbox.prometheus.secured";

  public static final String POSTGRES_JOB = "postgres";

  /** The public name the DNS and TLS stand-ins answer for, as in {@code sandbox.yaml}. */
  public static final String PUBLIC_HOST = "maestro.intelgraph.ai";

  static final Duration PUBLIC_DNS_TTL = Duration.ofSeconds(60);
  static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(90);
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final Deque<AutoCloseable> running;
  private final SandboxEndpoints endpoints;
  private final KubernetesClient kubernetes;
  private final FaultSwitch faults;
  private final PrometheusServer prometheus;
  private final IngressTrafficWeights trafficWeights;
  private final OidcProvider oidc;
  private final PostgresSandbox postgres;
  private final Map<String, String> configOverrides;
  private boolean closed;
  private WebhookSink warRoom;
  private SandboxApprovers approvers;
  private RegistryServer registry;
  private WebhookSink pagerDuty;
  private PushgatewayServer pushgateway;

  private Sandbox(
      Deque<AutoCloseable> running,
      SandboxEndpoints endpoints,
      Map<String, String> configOverrides,
      KubernetesClient kubernetes,
      FaultSwitch faults,
      PrometheusServer prometheus,
      IngressTrafficWeights trafficWeights,
      OidcProvider oidc,
      PostgresSandbox postgres) {
    this.running = running;
    this.endpoints = endpoints;
    this.configOverrides = Map.copyOf(configOverrides);
    this.kubernetes = kubernetes;
    this.faults = faults;
    this.prometheus = prometheus;
    this.trafficWeights = trafficWeights;
    this.oidc = oidc;
    this.postgres = postgres;
  }

  /**
   * Starts everything and returns when Prometheus has scraped every target; closes what started if
   * anything fails.
   */
  static Sandbox start(SandboxOptions options) {
    long started = System.nanoTime();
    Map<String, Long> stageMillis = new LinkedHashMap<>();
    long[] mark = {started};
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      FaultSwitch faults = new FaultSwitch(options.clock());
      Path workDir = Files.createTempDirectory("cutover-sandbox-");
      push(running, () -> deleteTree(workDir));
      // the child processes (PostgreSQL twice, Prometheus, the registry) start beside the JVM-side
      // stages, each on its own thread, and are joined where first needed
      Starting<PostgresSandbox> startingPostgres =
          Starting.of(running, "postgres", PostgresSandbox::start);
      // -Dsandbox.prometheus.secured=true: Prometheus behind TLS and basic auth, as most production
      // ones are
      Optional<WebSecurity> web =
          Boolean.getBoolean(SECURED_PROMETHEUS)
              ? Optional.of(WebSecurity.basicAuthOverTls("cutover"))
              : Optional.empty();
      Starting<PrometheusServer> startingPrometheus =
          Starting.of(
              running,
              "prometheus",
              () -> {
                PrometheusServer.Builder builder =
                    PrometheusServer.builder()
                        .scrapeInterval(options.scrapeInterval())
                        .rules(BURN_RATE_RULES, BurnRateRules.SANDBOX.render())
                        .rules(DORA_RULES, doraRules());
                web.ifPresent(builder::secured);
                return builder.start();
              });
      Starting<BlackboxExporter> startingBlackbox =
          Starting.of(
              running,
              "blackbox exporter",
              () -> BlackboxExporter.start(workDir, options.readyTimeout()));
      // PagerDuty's Events API, as the real Alertmanager's PagerDuty receiver posts to it
      WebhookSink pagerDuty = push(running, WebhookSink.start("PagerDuty Events API"));
      Starting<Alertmanager> startingAlertmanager =
          Starting.of(
              running,
              "alertmanager",
              () ->
                  Alertmanager.start(
                      workDir, pagerDuty.url("pagerduty-events"), options.readyTimeout()));
      // where the run of show pushes its own metrics (metrics.pushgateway), scraped by Prometheus
      Starting<PushgatewayServer> startingPushgateway =
          Starting.of(
              running,
              "pushgateway",
              () -> PushgatewayServer.start(workDir, options.readyTimeout()));
      Starting<RegistryServer> startingRegistry =
          Starting.of(
              running, "registry", () -> RegistryServer.start(workDir, options.readyTimeout()));
      // a real PostgreSQL with a real pg_dump backup, for the day-3 restore drill
      Starting<SourcePostgres> startingDrillSource =
          Starting.of(
              running,
              "restore-drill source",
              () ->
                  SourcePostgres.start(
                      POSTGRES_BIN,
                      "postgres",
                      workDir.resolve("pg-backups"),
                      Duration.ofMinutes(1)));
      OidcProvider oidc = push(running, OidcProvider.start());
      lap(stageMillis, "oidc", mark);
      KubernetesSandbox cluster =
          push(running, KubernetesSandbox.start(oidc.issuer(), oidc.jwksUri(), options.clock()));
      IngressTrafficWeights weights =
          new IngressTrafficWeights(cluster.client(), options.clock(), cluster.writes());
      lap(stageMillis, "kubernetes", mark);
      OpaStandIn opa = push(running, OpaStandIn.start(faults));
      KafkaMetricsStandIn kafka = push(running, KafkaMetricsStandIn.start(faults, options.clock()));
      CostStandIn cost = push(running, CostStandIn.start(options.clock(), faults));
      Neo4jBoltStandIn neo4jBolt = push(running, Neo4jBoltStandIn.start());
      PlatformExportersStandIn exporters =
          push(running, PlatformExportersStandIn.start(faults, options.clock()));
      ChaosMeshStandIn chaosMesh =
          push(
              running,
              ChaosMeshStandIn.start(
                  cluster.client(),
                  ClusterNames.NAMESPACE,
                  ClusterNames.NETWORK_CHAOS_NAME,
                  options.clock(),
                  cluster.writes()));
      lap(stageMillis, "stand-ins", mark);

      Map<String, String> overrides = new LinkedHashMap<>();
      // the release's images, signed, in a real registry; the deployments pinned to them by digest
      RegistryServer registry = startingRegistry.join();
      overrides.putAll(
          SupplyChainSeed.seed(
              registry,
              cluster.client(),
              ClusterNames.NAMESPACE,
              List.of(
                  new SupplyChainSeed.Release(
                      ClusterNames.STABLE_DEPLOYMENT, "1.41.2", SupplyChainSeed.Signing.LEGACY_SIG),
                  new SupplyChainSeed.Release(
                      ClusterNames.CANARY_DEPLOYMENT,
                      "1.42.0",
                      SupplyChainSeed.Signing.SIGSTORE_BUNDLE)),
              workDir));
      lap(stageMillis, "registry", mark);
      SourcePostgres drillSource = startingDrillSource.join();
      overrides.put(SandboxConfigKeys.RESTORE_BACKUPS, drillSource.backups().toString());
      overrides.put(
          SandboxConfigKeys.RESTORE_SOURCE_FILE,
          Files.writeString(workDir.resolve("postgres-source-uri"), drillSource.uri()).toString());
      lap(stageMillis, "restore-drill source", mark);
      Optional<StartedApi> api = Optional.empty();
      if (options.api().isPresent()) {
        StartedApi startedApi =
            options.api().get().start(new ApiContext(oidc, weights, faults, options.clock()));
        push(running, startedApi.stopper());
        api = Optional.of(startedApi);
        // the public edge in front of the API: its DNS zone and its TLS load balancer
        DnsStandIn dns =
            push(
                running,
                new DnsStandIn(PUBLIC_HOST, InetAddress.getLoopbackAddress(), PUBLIC_DNS_TTL));
        TlsEdge edge =
            push(
                running,
                new TlsEdge(PUBLIC_HOST, startedApi.baseUrl(), CERTIFICATE_VALIDITY, workDir));
        overrides.put(SandboxConfigKeys.API, startedApi.baseUrl().toString());
        overrides.putAll(startedApi.configOverrides());
        overrides.put(SandboxConfigKeys.DNS_RESOLVER, dns.resolverAddress());
        overrides.put(SandboxConfigKeys.TLS_ENDPOINT, edge.url().toString());
        overrides.put(SandboxConfigKeys.TLS_TRUST, edge.caPem().toString());
      }
      lap(stageMillis, "api", mark);

      List<ScrapeTarget> targets = new ArrayList<>();
      api.ifPresent(
          a ->
              a.trackMetrics()
                  .forEach(
                      (track, url) ->
                          targets.add(new ScrapeTarget(API_JOB, url, Map.of("track", track)))));
      targets.add(new ScrapeTarget(KAFKA_JOB, kafka.metricsUrl()));
      targets.add(new ScrapeTarget(OPA_JOB, opa.metricsUrl()));
      exporters.metricsUrls().forEach((job, url) -> targets.add(new ScrapeTarget(job, url)));
      PostgresSandbox postgres = startingPostgres.join();
      lap(stageMillis, "postgres", mark);
      push(
          running,
          faults.onChange(
              active -> {
                if (active.fault() == Fault.DATABASE_DOWN) {
                  postgres.stop();
                } else {
                  postgres.restart();
                }
              }));
      BlackboxExporter blackbox = startingBlackbox.join();
      targets.add(
          blackbox.probe(DATABASE_PROBE_JOB, neo4jBolt.address(), Map.of("database", "neo4j")));
      targets.add(
          blackbox.probe(DATABASE_PROBE_JOB, postgres.address(), Map.of("database", "postgres")));
      Alertmanager alertmanager = startingAlertmanager.join();
      targets.add(new ScrapeTarget(ALERTMANAGER_JOB, alertmanager.metricsUrl()));
      PushgatewayServer pushgateway = startingPushgateway.join();
      targets.add(ScrapeTarget.honoringLabels(PUSHGATEWAY_JOB, pushgateway.metricsUrl()));
      overrides.put(SandboxConfigKeys.METRICS_PUSHGATEWAY, pushgateway.baseUrl().toString());
      lap(stageMillis, "exporters", mark);
      PrometheusServer prometheus = startingPrometheus.join();
      lap(stageMillis, "prometheus", mark);
      targets.add(new ScrapeTarget(POSTGRES_JOB, postgres.exporterMetrics()));
      targets.add(new ScrapeTarget(CHAOS_JOB, chaosMesh.metricsUrl()));
      prometheus.reconfigure(targets, List.of(alertmanager.baseUrl()));
      push(
          running,
          faults.onChange(
              active -> {
                if (active.fault() == Fault.PROMETHEUS_DOWN) {
                  prometheus.pause();
                } else {
                  prometheus.resume();
                }
              }));
      awaitFirstScrapes(prometheus, targets, options.readyTimeout());
      lap(stageMillis, "first-scrapes", mark);

      SandboxEndpoints endpoints =
          new SandboxEndpoints(
              api.map(StartedApi::baseUrl),
              api.map(StartedApi::graphqlWs),
              prometheus.baseUrl(),
              oidc.issuer(),
              oidc.discoveryUri(),
              oidc.jwksUri(),
              oidc.tokenEndpoint(),
              cluster.masterUrl(),
              opa.baseUrl(),
              kafka.metricsUrl(),
              cost.baseUrl(),
              postgres.exporterMetrics());
      overrides.put(SandboxConfigKeys.PROMETHEUS, prometheus.baseUrl().toString());
      if (web.isPresent()) {
        overrides.put(SandboxConfigKeys.PROMETHEUS_USERNAME, web.get().username());
        overrides.put(
            SandboxConfigKeys.PROMETHEUS_PASSWORD_FILE,
            Files.writeString(workDir.resolve("prometheus-password"), web.get().password())
                .toString());
        overrides.put(SandboxConfigKeys.PROMETHEUS_CA_FILE, web.get().caFile().toString());
      }
      overrides.put(SandboxConfigKeys.OIDC_ISSUER, oidc.issuer().toString());
      overrides.put(SandboxConfigKeys.KUBERNETES, cluster.masterUrl().toString());
      overrides.put(SandboxConfigKeys.OPA, opa.baseUrl().toString());
      overrides.put(SandboxConfigKeys.COST, cost.baseUrl().toString());
      // the sandbox's secrets are handed over by reference, like production's: files only it writes
      overrides.put(
          SandboxConfigKeys.KUBERNETES_TOKEN_FILE,
          Files.writeString(workDir.resolve("kubernetes-token"), cluster.serviceAccountToken())
              .toString());
      overrides.put(
          SandboxConfigKeys.OIDC_CLIENT_SECRET_FILE,
          Files.writeString(workDir.resolve("oidc-client-secret"), OidcProvider.CLIENT_SECRET)
              .toString());
      overrides.put(
          SandboxConfigKeys.EXPIRED_TOKEN_FILE,
          Files.writeString(
                  workDir.resolve("expired-token"),
                  oidc.expiredToken(Map.of(OidcProvider.TENANT_CLAIM, "tenant-a")))
              .toString());
      // the deploy pipeline: scripts acting through the API server as its own ServiceAccount,
      // told which sandbox fault is in force by a file that follows the fault switch
      overrides.putAll(deployScripts(workDir, cluster, faults, running));
      // the war room's chat, the go-live approvers' keys and the DR runbook: what people bring to a
      // real cutover
      WebhookSink warRoom = push(running, WebhookSink.start());
      overrides.put(
          SandboxConfigKeys.WAR_ROOM_WEBHOOK_FILE,
          Files.writeString(
                  workDir.resolve("war-room-webhook-url"),
                  warRoom.url(java.util.UUID.randomUUID().toString().replace("-", "")).toString())
              .toString());
      SandboxApprovers approvers = SandboxApprovers.create(workDir);
      overrides.putAll(approvers.configOverrides());
      overrides.put(
          SandboxConfigKeys.DR_RUNBOOK_FILE,
          Files.writeString(
                  workDir.resolve("disaster-recovery.md"),
                  "# Disaster recovery runbook (sandbox)\n\nRestore PostgreSQL from PITR, Neo4j from the nightly backup.\n")
              .toString());
      LOG.info(
          "sandbox ready in {} ms ({} ms per stage): {}",
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          stageMillis,
          endpoints);
      Sandbox sandbox =
          new Sandbox(
              running,
              endpoints,
              overrides,
              cluster.client(),
              faults,
              prometheus,
              weights,
              oidc,
              postgres);
      sandbox.warRoom = warRoom;
      sandbox.approvers = approvers;
      sandbox.registry = registry;
      sandbox.pagerDuty = pagerDuty;
      sandbox.pushgateway = pushgateway;
      return sandbox;
    } catch (Exception e) {
      RuntimeException failure =
          e instanceof RuntimeException runtime
              ? runtime
              : new IllegalStateException("the sandbox API failed to start: " + e.getMessage(), e);
      closeAll(running, failure);
      throw failure;
    }
  }

  /**
   * The sandbox's deploy-canary and lock scripts, copied from the test classpath into {@code
   * workDir} and configured as {@code deploy.canary_command} and {@code deploy.lock_command} with
   * the API server, the deploy pipeline's token file and the behaviour file as arguments; the
   * behaviour file names the active fault (the lock script reads {@code lock-keeps-canary}).
   */
  static Map<String, String> deployScripts(
      Path workDir, KubernetesSandbox cluster, FaultSwitch faults, Deque<AutoCloseable> running)
      throws java.io.IOException {
    Path token = Files.writeString(workDir.resolve("deployer-token"), cluster.deployerToken());
    Path behaviour = workDir.resolve("deploy-behaviour");
    Files.writeString(behaviour, faults.active().fault().scenario());
    push(
        running,
        faults.onChange(
            active -> {
              try {
                Files.writeString(behaviour, active.fault().scenario());
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(
                    "could not tell the sandbox's deploy scripts about fault " + active.fault(), e);
              }
            }));
    String api = cluster.masterUrl().toString().replaceFirst("/$", "");
    Map<String, String> commands = new LinkedHashMap<>();
    for (String[] script :
        new String[][] {
          {"deploy-canary.sh", SandboxConfigKeys.DEPLOY_CANARY_COMMAND},
          {"lock.sh", SandboxConfigKeys.DEPLOY_LOCK_COMMAND}
        }) {
      Path file = workDir.resolve(script[0]);
      try (java.io.InputStream in = Sandbox.class.getResourceAsStream("deploy/" + script[0])) {
        if (in == null) throw new IllegalStateException("deploy/" + script[0] + " is missing");
        Files.copy(in, file);
      }
      commands.put(script[1], "sh %s %s %s %s".formatted(file, api, token, behaviour));
    }
    return commands;
  }

  /**
   * A component starting on a thread of its own (not the common pool: on two cores it runs one task
   * at a time). Pushed as it is created, so a failed start closes it once it is up.
   */
  private record Starting<T extends AutoCloseable>(java.util.concurrent.CompletableFuture<T> future)
      implements AutoCloseable {

    static <T extends AutoCloseable> Starting<T> of(
        Deque<AutoCloseable> running, String name, java.util.concurrent.Callable<T> start) {
      java.util.concurrent.CompletableFuture<T> future =
          new java.util.concurrent.CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  future.complete(start.call());
                } catch (Throwable e) {
                  future.completeExceptionally(e);
                }
              },
              "sandbox-start-" + name);
      thread.setDaemon(true);
      thread.start();
      return push(running, new Starting<>(future));
    }

    T join() {
      try {
        return future.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException runtime
            ? runtime
            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
    }

    @Override
    public void close() throws Exception {
      T component;
      try {
        component = future.join();
      } catch (RuntimeException failedToStart) {
        return;
      }
      component.close();
    }
  }

  private static void lap(Map<String, Long> stageMillis, String stage, long[] mark) {
    long now = System.nanoTime();
    stageMillis.put(stage, (now - mark[0]) / 1_000_000);
    mark[0] = now;
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> running, T component) {
    running.push(component);
    return component;
  }

  private static void awaitFirstScrapes(
      PrometheusServer prometheus, List<ScrapeTarget> targets, Duration timeout) {
    try {
      await("first successful scrape of every sandbox target by " + prometheus.baseUrl())
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> notYetUp(prometheus, targets).isEmpty());
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "Prometheus at %s has not scraped these targets successfully within %s: %s; see %s/targets and its log %s"
              .formatted(
                  prometheus.baseUrl(),
                  timeout,
                  describe(notYetUpOrAll(prometheus, targets)),
                  prometheus.baseUrl(),
                  prometheus.logFile()),
          e);
    }
  }

  private static List<ScrapeTarget> notYetUp(
      PrometheusServer prometheus, List<ScrapeTarget> targets) {
    List<PrometheusServer.Sample> up = prometheus.query("up == 1");
    return targets.stream()
        .filter(
            target ->
                up.stream()
                    .noneMatch(
                        sample ->
                            target.job().equals(sample.labels().get("job"))
                                && target.instance().equals(sample.labels().get("instance"))
                                && sample
                                    .labels()
                                    .entrySet()
                                    .containsAll(target.labels().entrySet())))
        .toList();
  }

  private static List<ScrapeTarget> notYetUpOrAll(
      PrometheusServer prometheus, List<ScrapeTarget> targets) {
    try {
      return notYetUp(prometheus, targets);
    } catch (RuntimeException ignored) {
      return targets; // Prometheus did not answer the query either: none is known to be up
    }
  }

  private static String describe(List<ScrapeTarget> targets) {
    return targets.stream().map(t -> t.job() + " " + t.url()).collect(Collectors.joining(", "));
  }

  public SandboxEndpoints endpoints() {
    return endpoints;
  }

  /**
   * Dotted config keys ({@link SandboxConfigKeys}) to values, layered over {@code sandbox.yaml}.
   */
  public Map<String, String> configOverrides() {
    return configOverrides;
  }

  /** A client for the seeded Kubernetes mock, default namespace {@value ClusterNames#NAMESPACE}. */
  public KubernetesClient kubernetes() {
    return kubernetes;
  }

  /** The war room's webhook stand-in: what the phases posted. */
  public WebhookSink warRoom() {
    return warRoom;
  }

  /** The real Pushgateway the run of show pushes its metrics to ({@code metrics.pushgateway}). */
  public PushgatewayServer pushgateway() {
    return pushgateway;
  }

  /** The product's DORA recording rules ({@link RunMetrics#DORA_RULES}), as shipped in the jar. */
  static String doraRules() {
    try (java.io.InputStream rules = RunMetrics.class.getResourceAsStream(RunMetrics.DORA_RULES)) {
      if (rules == null) {
        throw new IllegalStateException(
            "the DORA rules %s are not on the classpath; rebuild (mvn process-resources)"
                .formatted(RunMetrics.DORA_RULES));
      }
      return new String(rules.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + RunMetrics.DORA_RULES, e);
    }
  }

  /** PagerDuty's stand-in: the events the real Alertmanager posted (the sandbox's pages). */
  public WebhookSink pagerDuty() {
    return pagerDuty;
  }

  /** The go-live approvers and their keys. */
  public SandboxApprovers approvers() {
    return approvers;
  }

  public FaultSwitch faults() {
    return faults;
  }

  public PrometheusServer prometheus() {
    return prometheus;
  }

  public IngressTrafficWeights trafficWeights() {
    return trafficWeights;
  }

  public OidcProvider oidc() {
    return oidc;
  }

  /** The real image registry holding the release's signed images ({@code docker-registry}). */
  public RegistryServer registry() {
    return registry;
  }

  /** The real PostgreSQL whose WAL archiving the T-15 PITR line reads through its exporter. */
  public PostgresSandbox postgres() {
    return postgres;
  }

  /**
   * The built-in {@code sandbox} environment pointed at this sandbox: what {@code
   * -Dcutover.env=sandbox} loads for the run of show, for tests that drive one component against
   * it.
   */
  public io.intelgraph.cutover.config.Environment environment() {
    return new io.intelgraph.cutover.config.EnvironmentLoader(
            Map.of("cutover.env", "sandbox"), Map.of(), Path.of("target", "no-such-dir"))
        .withOverrides(configOverrides())
        .load();
  }

  /**
   * Stops everything in reverse start order; Prometheus' process is gone and its files deleted when
   * this returns.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = new IllegalStateException("closing the sandbox failed");
    closeAll(running, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(Deque<AutoCloseable> running, RuntimeException failure) {
    while (!running.isEmpty()) {
      AutoCloseable component = running.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.error("could not close sandbox component {}", component, e);
        failure.addSuppressed(e);
      }
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
