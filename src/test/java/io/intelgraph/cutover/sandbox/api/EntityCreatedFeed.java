package io.intelgraph.cutover.sandbox.api;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The Reactive Streams source behind {@code Subscription.entityCreated}: every entity a tenant
 * creates, from any track. Each subscriber gets its own bounded {@link SubmissionPublisher} (which
 * serialises onNext and honours demand); a slow subscriber loses events rather than slowing
 * writers. Cancelling, completing or failing unregisters from the store.
 */
final class EntityCreatedFeed implements Publisher<Entity> {

  private static final int BUFFER = 256;

  private final EntityStore store;
  private final String tenantId;
  private final Executor executor;

  EntityCreatedFeed(EntityStore store, String tenantId, Executor executor) {
    this.store = Objects.requireNonNull(store, "store");
    this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public void subscribe(Subscriber<? super Entity> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    SubmissionPublisher<Entity> publisher = new SubmissionPublisher<>(executor, BUFFER);
    EntityStore.Registration registration =
        store.onCreated(
            entity -> {
              if (entity.tenantId().equals(tenantId)) {
                publisher.offer(
                    entity,
                    (ignoredSubscriber, ignoredEntity) -> false); // drop for a saturated subscriber
              }
            });
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            registration.close();
            publisher.close();
          }
        };
    FlowAdapters.toPublisher(publisher)
        .subscribe(
            new Subscriber<Entity>() {
              @Override
              public void onSubscribe(Subscription upstream) {
                subscriber.onSubscribe(
                    new Subscription() {
                      @Override
                      public void request(long n) {
                        upstream.request(n);
                      }

                      @Override
                      public void cancel() {
                        upstream.cancel();
                        release.run();
                      }
                    });
              }

              @Override
              public void onNext(Entity entity) {
                subscriber.onNext(entity);
              }

              @Override
              public void onError(Throwable failure) {
                release.run();
                subscriber.onError(failure);
              }

              @Override
              public void onComplete() {
                release.run();
                subscriber.onComplete();
              }
            });
  }
}
