package io.hermod.core.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Delivery;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Requester;
import io.hermod.api.SerializationException;
import io.hermod.spi.PayloadCodec;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ObservationScope;
import io.hermod.spi.observation.RequestObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester side of RPC: sends each request with a fresh correlation id and its own reply queue
 * as reply-to, and completes the caller's future with the reply of that correlation id or a
 * timeout. Replies nobody waits for (late ones) are dropped. Thread-safe.
 *
 * @param <Q> the request type
 * @param <R> the reply type
 */
final class CoreRequester<Q, R> implements Requester<Q, R> {

  private static final Logger log = LoggerFactory.getLogger(CoreRequester.class);

  private final CoreMessaging messaging;
  private final ChannelSpec spec;
  private final ChannelSpec replySpec;
  private final CorePublisher<Q> publisher;
  private final PayloadCodec replyCodec;
  private final Class<R> replyType;
  private final Duration timeout;
  private final Map<String, CompletableFuture<Message<R>>> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Correlation ids are this prefix plus a counter: unique per requester, so a reply can only ever
   * match its own request, and without {@code SecureRandom} on every call.
   */
  private final String correlationPrefix = UUID.randomUUID() + "-";

  private final AtomicLong correlationSequence = new AtomicLong();
  private volatile @Nullable PushSubscription<byte[]> replies;

  CoreRequester(
      CoreMessaging messaging,
      ChannelSpec spec,
      ChannelSpec replySpec,
      CorePublisher<Q> publisher,
      PayloadCodec replyCodec,
      Class<R> replyType,
      Duration timeout) {
    this.messaging = messaging;
    this.spec = spec;
    this.replySpec = replySpec;
    this.publisher = publisher;
    this.replyCodec = replyCodec;
    this.replyType = replyType;
    this.timeout = timeout;
  }

  void listen(PushSubscription<byte[]> replySubscription) {
    this.replies = replySubscription;
  }

  String replyQueue() {
    return replySpec.name();
  }

  ChannelSpec replySpec() {
    return replySpec;
  }

  @Override
  public CompletionStage<R> request(Q request) {
    return requestMessage(Message.of(request)).thenApply(Message::payload);
  }

  @Override
  public CompletionStage<Message<R>> requestMessage(Message<Q> request) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedError());
    }
    String correlationId =
        correlationPrefix + Long.toString(correlationSequence.incrementAndGet(), 36);
    Message<Q> m =
        request.toBuilder().correlationId(correlationId).replyTo(replySpec.name()).build();
    CompletableFuture<Message<R>> reply = new CompletableFuture<>();
    pending.put(correlationId, reply);
    try {
      ScheduledFuture<?> timer =
          messaging
              .scheduler()
              .schedule(
                  () -> {
                    if (pending.remove(correlationId, reply)) {
                      reply.completeExceptionally(
                          new MessagingTimeoutException(
                              messaging.bindingName(),
                              spec.name(),
                              "no reply within "
                                  + Durations.format(timeout)
                                  + " to request "
                                  + m.id()
                                  + " on channel '"
                                  + spec.name()
                                  + "'; check that a responder is running on it, or raise the"
                                  + " requester's timeout",
                              null));
                    }
                  },
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
      reply.whenComplete((r, t) -> timer.cancel(false));
    } catch (RejectedExecutionException e) {
      pending.remove(correlationId);
      return CompletableFuture.failedFuture(closedError());
    }
    MessagingObserver observer = messaging.observer();
    RequestObservation observation =
        observer == null
            ? RequestObservation.NONE
            : observer.requesting(messaging.sendEndpoint(spec), m);
    if (observation != RequestObservation.NONE) {
      reply.whenComplete((r, t) -> ended(observation, t));
    }
    try (ObservationScope scope = observation.enter()) {
      publisher
          .send(m)
          .whenComplete(
              (receipt, t) -> {
                if (t != null && pending.remove(correlationId, reply)) {
                  reply.completeExceptionally(SendGuard.unwrap(t));
                }
              });
    }
    return reply;
  }

  private static void ended(RequestObservation observation, @Nullable Throwable failure) {
    if (failure == null) {
      observation.replied();
    } else if (SendGuard.unwrap(failure) instanceof MessagingTimeoutException) {
      observation.timedOut();
    } else {
      observation.failed(SendGuard.unwrap(failure));
    }
  }

  /** Handles one delivery of the reply queue. */
  void onReply(Delivery<byte[]> d) {
    Message<byte[]> raw = d.message();
    String correlationId = raw.correlationId();
    CompletableFuture<Message<R>> reply =
        correlationId == null ? null : pending.remove(correlationId);
    if (reply == null) {
      log.debug(
          "dropping reply {} on {}: no pending request with correlation id {} (late or foreign)",
          raw.id(),
          replySpec.name(),
          correlationId);
      return;
    }
    try {
      R payload = replyCodec.decode(raw.payload(), replyType);
      reply.complete(raw.withPayload(payload));
    } catch (Exception e) {
      reply.completeExceptionally(
          new SerializationException(
              messaging.bindingName(),
              spec.name(),
              "cannot decode the reply to request "
                  + correlationId
                  + " as "
                  + replyType.getName()
                  + ": "
                  + e.getMessage(),
              e));
    }
  }

  private MessagingException closedError() {
    return new MessagingException(
        messaging.bindingName(), spec.name(), "requester is closed; create a new one", null);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (String id : new ArrayList<>(pending.keySet())) {
      CompletableFuture<Message<R>> f = pending.remove(id);
      if (f != null) {
        f.completeExceptionally(closedError());
      }
    }
    PushSubscription<byte[]> r = replies;
    if (r != null) {
      r.close();
    }
    messaging.decommission(replySpec);
    messaging.forget(this);
  }

  @Override
  public String toString() {
    return "Requester[" + spec.name() + " -> " + replySpec.name() + "]";
  }
}
