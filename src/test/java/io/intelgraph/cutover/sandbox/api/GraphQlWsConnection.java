package io.intelgraph.cutover.sandbox.api;

import graphql.ExecutionResult;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.xnio.IoUtils;

/**
 * The server side of one {@code graphql-transport-ws} connection
 * (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md).
 *
 * <p>Design: frames arrive on an Undertow IO thread and are handed, in order, to a per-connection
 * {@link SerialExecutor} on the worker pool, so token verification (maybe a JWKS fetch) never
 * blocks IO and messages are handled strictly one after another. Outgoing frames go through the
 * same serial executor, so a {@code complete} can never overtake a {@code next}. Close codes follow
 * the protocol: 4400 bad message, 4401 subscribe before ack, 4403 rejected token, 4408 no init in
 * time, 4409 duplicate subscription id, 4429 second init.
 */
final class GraphQlWsConnection {

  static final String SUBPROTOCOL = "graphql-transport-ws";

  private final Track track;
  private final WebSocketChannel channel;
  private final TrackMetrics metrics;
  private final FaultPolicy faults;
  private final TrackAuthenticator authenticator;
  private final GraphQlEngine engine;
  private final SerialExecutor serial;
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean initReceived;
  private volatile Caller caller;
  private boolean released; // only touched on the serial executor

  GraphQlWsConnection(
      Track track,
      WebSocketChannel channel,
      TrackMetrics metrics,
      FaultPolicy faults,
      TrackAuthenticator authenticator,
      GraphQlEngine engine) {
    this.track = Objects.requireNonNull(track, "track");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.serial = new SerialExecutor(channel.getWorker());
  }

  void start(Duration initTimeout) {
    metrics.websocketOpened();
    channel.addCloseTask(ignoredChannel -> serial.execute(this::release));
    channel
        .getReceiveSetter()
        .set(
            new AbstractReceiveListener() {
              @Override
              protected void onFullTextMessage(
                  WebSocketChannel ignoredChannel, BufferedTextMessage message) {
                String data = message.getData();
                serial.execute(() -> onMessage(data));
              }
            });
    channel.resumeReceives();
    channel
        .getIoThread()
        .executeAfter(
            () ->
                serial.execute(
                    () -> {
                      if (!initReceived) {
                        close(4408, "Connection initialisation timeout");
                      }
                    }),
            initTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void onMessage(String data) {
    if (closed.get()) {
      return;
    }
    Map<String, Object> message;
    try {
      message = Json.readObject(data);
    } catch (RuntimeException e) {
      close(4400, "Invalid message received");
      return;
    }
    Object type = message.get("type");
    if (!(type instanceof String)) {
      close(4400, "Invalid message received");
      return;
    }
    switch ((String) type) {
      case "connection_init" -> init(message.get("payload"));
      case "ping" -> send(Map.of("type", "pong"));
      case "pong" -> {
        /* a keep-alive answer needs no reply */
      }
      case "subscribe" -> subscribe(message.get("id"), message.get("payload"));
      case "complete" -> {
        Operation operation = message.get("id") instanceof String id ? operations.remove(id) : null;
        if (operation != null) {
          operation.cancel();
        }
      }
      default -> close(4400, "Invalid message received");
    }
  }

  private void init(Object payload) {
    if (initReceived) {
      close(4429, "Too many initialisation requests");
      return;
    }
    initReceived = true;
    Map<?, ?> fields = payload instanceof Map<?, ?> map ? map : Map.of();
    Map<?, ?> headers = fields.get("headers") instanceof Map<?, ?> map ? map : Map.of();
    String authorization = firstString(fields, headers, "Authorization", "authorization");
    String tenant = firstString(fields, headers, "x-tenant-id", "X-Tenant-Id");
    TrackAuthenticator.Authentication auth =
        authenticator.authenticate(track, authorization, tenant);
    if (auth.caller().isEmpty()) {
      close(4403, "Forbidden");
      return;
    }
    caller = auth.caller().get();
    send(Map.of("type", "connection_ack"));
  }

  private static String firstString(Map<?, ?> fields, Map<?, ?> headers, String... names) {
    for (Map<?, ?> source : new Map<?, ?>[] {fields, headers}) {
      for (String name : names) {
        if (source.get(name) instanceof String value) {
          return value;
        }
      }
    }
    return null;
  }

  private void subscribe(Object rawId, Object payload) {
    if (caller == null) {
      close(4401, "Unauthorized");
      return;
    }
    if (!(rawId instanceof String id) || id.isEmpty() || !(payload instanceof Map<?, ?> map)) {
      close(4400, "Invalid message received");
      return;
    }
    if (operations.containsKey(id)) {
      close(4409, "Subscriber for " + id + " already exists");
      return;
    }
    GraphQlRequest request;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      request = GraphQlRequest.from(fields);
    } catch (GraphQlRequest.BadRequestException e) {
      close(4400, "Invalid message received");
      return;
    }
    GraphQlEngine.Outcome outcome = engine.execute(request, caller);
    metrics.operation(outcome.operation(), outcome.outcome());
    ExecutionResult result = outcome.result();
    if (result.getData() instanceof Publisher<?> publisher) {
      @SuppressWarnings("unchecked")
      Publisher<ExecutionResult> events = (Publisher<ExecutionResult>) publisher;
      Operation operation = new Operation(id);
      operations.put(id, operation);
      events.subscribe(operation);
    } else if (!result.getErrors().isEmpty() && result.getData() == null) {
      send(Map.of("type", "error", "id", id, "payload", result.toSpecification().get("errors")));
    } else {
      send(Map.of("type", "next", "id", id, "payload", result.toSpecification()));
      send(Map.of("type", "complete", "id", id));
    }
  }

  private void send(Map<String, ?> message) {
    String text = Json.write(message);
    serial.execute(
        () -> {
          if (!closed.get() && channel.isOpen()) {
            WebSockets.sendText(text, channel, null);
          }
        });
  }

  private void close(int code, String reason) {
    if (closed.compareAndSet(false, true)) {
      cancelAll();
      WebSockets.sendClose(code, reason, channel, null);
      // the peer should answer the close frame; if it does not, do not keep the socket forever
      channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), 2, TimeUnit.SECONDS);
    }
  }

  private void release() {
    closed.set(true);
    cancelAll();
    if (!released) {
      released = true;
      metrics.websocketClosed();
    }
  }

  private void cancelAll() {
    operations.values().forEach(Operation::cancel);
    operations.clear();
  }

  /** One running subscription: pulls one event at a time and forwards it as {@code next}. */
  private final class Operation implements Subscriber<ExecutionResult> {
    private final String id;
    private volatile Subscription upstream;
    private volatile boolean cancelled;

    Operation(String id) {
      this.id = id;
    }

    void cancel() {
      cancelled = true;
      Subscription s = upstream;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      upstream = subscription;
      if (cancelled) {
        subscription.cancel();
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onNext(ExecutionResult event) {
      boolean deliver = !faults.dropSubscriptionEvents();
      metrics.subscriptionEvent(deliver);
      if (deliver) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("type", "next");
        next.put("id", id);
        next.put("payload", event.toSpecification());
        send(next);
      }
      if (!cancelled) {
        upstream.request(1);
      }
    }

    @Override
    public void onError(Throwable failure) {
      if (operations.remove(id, this)) {
        send(
            Map.of(
                "type",
                "error",
                "id",
                id,
                "payload",
                List.of(Map.of("message", String.valueOf(failure.getMessage())))));
      }
    }

    @Override
    public void onComplete() {
      if (operations.remove(id, this)) {
        send(Map.of("type", "complete", "id", id));
      }
    }
  }
}
