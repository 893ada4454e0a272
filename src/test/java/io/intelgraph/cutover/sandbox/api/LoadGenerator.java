package io.intelgraph.cutover.sandbox.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

/**
 * Steady, mixed traffic against the reference API so rates and quantiles have data: per ten
 * requests five reads of the seed root, three 3-hop neighborhoods and two writes (create, then
 * delete), one tick in {@value #HEALTH_EVERY} a {@code GET /api/health} instead (a low-volume
 * second route, so a gate per route has more than one group), plus a few long-lived {@code
 * entityCreated} subscriptions that are reopened if they drop. Non-blocking: one scheduler thread
 * paces requests, a two-thread pool handles answers, and at most {@code maxInFlight} requests are
 * outstanding (a tick beyond that is counted as skipped).
 *
 * <pre>{@code
 * try (LoadGenerator load = LoadGenerator.start(LoadGenerator.Options.defaults(api.baseUrl(), api.graphqlWsUrl(), tokens::bearer))) {
 *   await("traffic").atMost(Duration.ofSeconds(10)).until(() -> load.counts().succeeded() > 100);
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

  /**
   * @param baseUrl the router ({@link ReferenceApi#baseUrl()})
   * @param graphqlWsUrl the subscription endpoint ({@link ReferenceApi#graphqlWsUrl()})
   * @param bearerToken a fresh access token per request (without the "Bearer " prefix)
   * @param tenantId the tenant to act for; also sent as {@code x-tenant-id}
   * @param requestsPerSecond total HTTP request rate, 0.1..500
   * @param subscriptions long-lived subscription connections to keep open, 0..20
   * @param requestTimeout bound on every HTTP call and WebSocket connect
   * @param maxInFlight outstanding HTTP requests beyond which ticks are skipped
   * @param tenantMix the tenant each request acts for (sent as {@code x-tenant-id}; the token then
   *     carries no tenant claim); {@code tenantId} alone when it always answers that one
   */
  public record Options(
      URI baseUrl,
      URI graphqlWsUrl,
      Supplier<String> bearerToken,
      String tenantId,
      double requestsPerSecond,
      int subscriptions,
      Duration requestTimeout,
      int maxInFlight,
      Supplier<String> tenantMix) {
    public Options {
      Objects.requireNonNull(baseUrl, "LoadGenerator.Options.baseUrl");
      Objects.requireNonNull(graphqlWsUrl, "LoadGenerator.Options.graphqlWsUrl");
      Objects.requireNonNull(bearerToken, "LoadGenerator.Options.bearerToken");
      Objects.requireNonNull(tenantMix, "LoadGenerator.Options.tenantMix");
      Entity.requireText(tenantId, "LoadGenerator tenantId");
      if (!(requestsPerSecond >= 0.1 && requestsPerSecond <= 500)) {
        throw new IllegalArgumentException(
            "LoadGenerator.Options.requestsPerSecond is %s; expected 0.1..500 (the sandbox default is 40)"
                .formatted(requestsPerSecond));
      }
      if (subscriptions < 0 || subscriptions > 20) {
        throw new IllegalArgumentException(
            "LoadGenerator.Options.subscriptions is %d; expected 0..20".formatted(subscriptions));
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "LoadGenerator.Options.requestTimeout is %s; expected a positive duration"
                .formatted(requestTimeout));
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException(
            "LoadGenerator.Options.maxInFlight is %d; expected >= 1".formatted(maxInFlight));
      }
    }

    /** 40 rps for tenant-a, 2 subscriptions, 3 s timeouts, at most 200 requests in flight. */
    public static Options defaults(URI baseUrl, URI graphqlWsUrl, Supplier<String> bearerToken) {
      return new Options(
          baseUrl,
          graphqlWsUrl,
          bearerToken,
          SeedData.TENANT_A,
          40,
          2,
          Duration.ofSeconds(3),
          200,
          () -> SeedData.TENANT_A);
    }

    public Options withRequestsPerSecond(double rps) {
      return new Options(
          baseUrl,
          graphqlWsUrl,
          bearerToken,
          tenantId,
          rps,
          subscriptions,
          requestTimeout,
          maxInFlight,
          tenantMix);
    }

    public Options withSubscriptions(int count) {
      return new Options(
          baseUrl,
          graphqlWsUrl,
          bearerToken,
          tenantId,
          requestsPerSecond,
          count,
          requestTimeout,
          maxInFlight,
          tenantMix);
    }

    public Options withTenant(String tenant) {
      return new Options(
          baseUrl,
          graphqlWsUrl,
          bearerToken,
          tenant,
          requestsPerSecond,
          subscriptions,
          requestTimeout,
          maxInFlight,
          () -> tenant);
    }

    /**
     * Spreads the requests over tenants, e.g. {@link TenantMix}; the token must then carry no
     * tenant claim.
     */
    public Options withTenantMix(Supplier<String> mix) {
      return new Options(
          baseUrl,
          graphqlWsUrl,
          bearerToken,
          tenantId,
          requestsPerSecond,
          subscriptions,
          requestTimeout,
          maxInFlight,
          mix);
    }
  }

  /**
   * What the generator sent and saw so far. {@code succeeded} is a 2xx without GraphQL errors;
   * {@code failed} is any other answer that is neither 5xx nor 401; {@code skipped} ticks found too
   * many requests in flight.
   */
  public record Counts(
      long sent,
      long succeeded,
      long serverErrors,
      long unauthorized,
      long failed,
      long timeouts,
      long skipped,
      long subscriptionEvents,
      int openSubscriptions,
      Map<String, Long> servedBy) {
    public Counts {
      servedBy = Map.copyOf(servedBy);
    }
  }

  private final Options options;
  private final HttpClient http;
  private final ExecutorService answers;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong ticks = new AtomicLong();
  private final LongAdder sent = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder unauthorized = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder subscriptionEvents = new LongAdder();
  private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
  private final List<Subscriber> subscribers = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;

  private LoadGenerator(Options options) {
    this.options = options;
    AtomicInteger threadIds = new AtomicInteger();
    this.answers =
        Executors.newFixedThreadPool(
            2, task -> daemon(task, "load-generator-http-" + threadIds.incrementAndGet()));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "load-generator-pacer"));
    this.http =
        HttpClient.newBuilder().executor(answers).connectTimeout(options.requestTimeout()).build();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Starts the traffic; close to stop it. */
  public static LoadGenerator start(Options options) {
    LoadGenerator generator = new LoadGenerator(Objects.requireNonNull(options, "options"));
    long periodMicros = Math.max(1, Math.round(1_000_000 / options.requestsPerSecond()));
    generator.scheduler.scheduleAtFixedRate(
        generator::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
    if (options.subscriptions() > 0) {
      generator.scheduler.scheduleWithFixedDelay(
          generator::keepSubscriptionsOpen, 0, 2, TimeUnit.SECONDS);
    }
    return generator;
  }

  public Counts counts() {
    Map<String, Long> tracks = new ConcurrentHashMap<>();
    servedBy.forEach((track, count) -> tracks.put(track, count.sum()));
    int open;
    synchronized (subscribers) {
      open = (int) subscribers.stream().filter(Subscriber::acked).count();
    }
    return new Counts(
        sent.sum(),
        succeeded.sum(),
        serverErrors.sum(),
        unauthorized.sum(),
        failed.sum(),
        timeouts.sum(),
        skipped.sum(),
        subscriptionEvents.sum(),
        open,
        tracks);
  }

  /** Every n-th tick checks {@code GET /api/health}: the load's low-volume route. */
  static final int HEALTH_EVERY = 50;

  private void tick() {
    if (closed) {
      return;
    }
    if (inFlight.get() >= options.maxInFlight()) {
      skipped.increment();
      return;
    }
    long tick = ticks.getAndIncrement();
    long n = tick % 10;
    String tenant = options.tenantMix().get();
    // users come from every region in turn; the sandbox's edge names the serving region for the
    // API's latency histogram
    String region = Regions.ALL.get((int) (tick % Regions.ALL.size()));
    if (tick % HEALTH_EVERY == HEALTH_EVERY - 1) {
      dispatch(
          HttpRequest.newBuilder(options.baseUrl().resolve("/api/health"))
              .timeout(options.requestTimeout())
              .header(Regions.HEADER, region)
              .GET()
              .build(),
          null);
    } else if (n < 5) {
      send(
          tenant,
          region,
          Map.of(
              "query",
              GoldenDocuments.ENTITY,
              "variables",
              Map.of("id", SeedData.rootOfOrAny(tenant), "tenantId", tenant)),
          null);
    } else if (n < 8) {
      send(
          tenant,
          region,
          Map.of(
              "query",
              GoldenDocuments.NEIGHBORHOOD,
              "variables",
              Map.of(
                  "input",
                  Map.of(
                      "startEntityId",
                      SeedData.rootOfOrAny(tenant),
                      "tenantId",
                      tenant,
                      "maxDepth",
                      3,
                      "limit",
                      100))),
          null);
    } else {
      send(
          tenant,
          region,
          Map.of(
              "query",
              GoldenDocuments.CREATE_ENTITY,
              "variables",
              Map.of(
                  "input",
                  Map.of(
                      "tenantId",
                      tenant,
                      "kind",
                      "LoadTest",
                      "labels",
                      List.of("load-generator")))),
          response -> deleteCreated(tenant, region, response));
    }
  }

  private void deleteCreated(String tenant, String region, Map<String, Object> response) {
    if (response.get("data") instanceof Map<?, ?> data
        && data.get("createEntity") instanceof Map<?, ?> entity
        && entity.get("id") instanceof String id
        && !closed) {
      send(
          tenant,
          region,
          Map.of(
              "query",
              GoldenDocuments.DELETE_ENTITY,
              "variables",
              Map.of("id", id, "tenantId", tenant)),
          null);
    }
  }

  private void send(
      String tenant, String region, Map<String, ?> body, Consumer<Map<String, Object>> then) {
    String token;
    try {
      token = options.bearerToken().get();
    } catch (RuntimeException e) {
      failed.increment(); // no token this tick; the next tick asks the supplier again
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(options.baseUrl().resolve("/graphql"))
            .timeout(options.requestTimeout())
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + token)
            .header("x-tenant-id", tenant)
            .header(Regions.HEADER, region)
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
            .build();
    dispatch(request, then);
  }

  private void dispatch(HttpRequest request, Consumer<Map<String, Object>> then) {
    inFlight.incrementAndGet();
    sent.increment();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              inFlight.decrementAndGet();
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                (cause instanceof HttpTimeoutException ? timeouts : failed).increment();
                return;
              }
              response
                  .headers()
                  .firstValue(ReferenceApi.SERVED_BY_HEADER)
                  .ifPresent(
                      track -> servedBy.computeIfAbsent(track, t -> new LongAdder()).increment());
              int status = response.statusCode();
              if (status >= 500) {
                serverErrors.increment();
              } else if (status == 401) {
                unauthorized.increment();
              } else if (status / 100 == 2) {
                Map<String, Object> parsed;
                try {
                  parsed = Json.readObject(response.body());
                } catch (RuntimeException e) {
                  failed.increment();
                  return;
                }
                if (parsed.containsKey("errors")) {
                  failed.increment();
                } else {
                  succeeded.increment();
                  if (then != null) {
                    then.accept(parsed);
                  }
                }
              } else {
                failed.increment();
              }
            });
  }

  private void keepSubscriptionsOpen() {
    if (closed) {
      return;
    }
    synchronized (subscribers) {
      subscribers.removeIf(Subscriber::isGone);
      while (subscribers.size() < options.subscriptions()) {
        Subscriber subscriber = new Subscriber(options.graphqlWsUrl());
        subscribers.add(subscriber);
        subscriber.connect(); // asynchronous; the connect timeout is set on the client
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    synchronized (subscribers) {
      subscribers.forEach(WebSocketClient::close);
      subscribers.clear();
    }
    answers.shutdownNow();
    try {
      if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)
          || !answers.awaitTermination(2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("load generator threads did not stop within 2s of close()");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One long-lived entityCreated subscription over graphql-transport-ws. */
  private final class Subscriber extends WebSocketClient {
    private volatile boolean acked;
    private volatile boolean gone;

    Subscriber(URI uri) {
      super(
          uri,
          new Draft_6455(
              Collections.emptyList(), List.of(new Protocol(GraphQlWsConnection.SUBPROTOCOL))),
          Map.of(),
          (int) options.requestTimeout().toMillis());
      setConnectionLostTimeout(0);
    }

    boolean acked() {
      return acked && !gone;
    }

    boolean isGone() {
      return gone;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      try {
        send(
            Json.write(
                Map.of(
                    "type",
                    "connection_init",
                    "payload",
                    Map.of(
                        "Authorization",
                        "Bearer " + options.bearerToken().get(),
                        "x-tenant-id",
                        options.tenantId()))));
      } catch (RuntimeException e) {
        failed.increment();
        close();
      }
    }

    @Override
    public void onMessage(String message) {
      Object type = Json.readObject(message).get("type");
      if ("connection_ack".equals(type)) {
        acked = true;
        send(
            Json.write(
                Map.of(
                    "id",
                    "load",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of(
                        "query",
                        GoldenDocuments.ENTITY_CREATED,
                        "variables",
                        Map.of("tenantId", options.tenantId())))));
      } else if ("next".equals(type)) {
        subscriptionEvents.increment();
      } else if ("ping".equals(type)) {
        send(Json.write(Map.of("type", "pong")));
      }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      gone = true;
    }

    @Override
    public void onError(Exception failure) {
      gone = true; // reopened by the next keep-alive round
    }
  }
}
