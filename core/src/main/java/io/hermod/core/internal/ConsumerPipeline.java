package io.hermod.core.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.ProcessingStatus;
import io.hermod.api.RetryExhaustion;
import io.hermod.api.SerializationException;
import io.hermod.api.StandardHeaders;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.PayloadCodec;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.DeadLetterReason;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ProcessObservation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of consuming that push subscriptions and pull receivers share: expiry, client-side
 * filtering, decoding, deduplication, settling after success, and what happens when attempts run
 * out (dead-letter, drop or stop). Thread-safe.
 *
 * <p>Deduplication on exactly-once channels has two layers: this instance's {@link DedupStore} (ids
 * being processed now and ids it processed recently) and, where the binding has one, the binding's
 * {@link ProcessedIdStore}, which every instance of the subscription shares and which outlives
 * them. A message succeeds by being marked in the first, recorded in the second, and only then
 * acked, so that a redelivery after a lost ack, a crash or a rebalance finds the record wherever it
 * lands.
 *
 * @param <T> the payload type
 */
final class ConsumerPipeline<T> {

  private static final Logger log = LoggerFactory.getLogger(ConsumerPipeline.class);
  private static final int MAX_ERROR_MESSAGE = 1000;

  private final CoreMessaging messaging;
  private final ChannelSpec spec;
  private final String subscription;
  private final Class<T> type;
  private final PayloadCodec codec;
  private final Filter filter;
  private final BackoffSchedule backoff;
  private final @Nullable DedupStore dedup;
  private final Clock clock;
  private volatile @Nullable ProcessedIdStore store;

  /** The installed observers, or {@code null}: then nothing below observes or allocates. */
  private final @Nullable MessagingObserver observer;

  private final Endpoint endpoint;

  /** Set once the store is closing: a failed record is not tried again. */
  private volatile boolean storeClosed;

  /** The longest pause between two tries of a failed record. */
  private static final long MAX_RECORD_RETRY_MILLIS = 1_000L;

  /** Successes waiting for their record before they are acked; guarded by itself. */
  private final int[] recording = new int[1];

  ConsumerPipeline(
      CoreMessaging messaging,
      ChannelSpec spec,
      String subscription,
      Class<T> type,
      PayloadCodec codec,
      Filter filter,
      Clock clock) {
    this.messaging = messaging;
    this.spec = spec;
    this.subscription = subscription;
    this.type = type;
    this.codec = codec;
    this.filter = filter;
    this.clock = clock;
    this.backoff = BackoffSchedule.of(spec.backoff());
    this.observer = messaging.observer();
    this.endpoint = messaging.endpoint(spec, subscription);
    this.dedup =
        spec.guarantee() == DeliveryGuarantee.EXACTLY_ONCE
            ? new DedupStore(messaging.config().dedupMaxIds(), spec.dedupWindow(), clock)
            : null;
  }

  ChannelSpec spec() {
    return spec;
  }

  /**
   * Opens the binding's shared processed-id store for an exactly-once endpoint; called once, before
   * the endpoint starts.
   */
  void openStore(SubscriptionSpec subscription) {
    if (dedup != null) {
      store = messaging.binding().processedIdStore(spec, subscription).orElse(null);
    }
  }

  /**
   * Waits until every success has been recorded and settled, so that closing the endpoint
   * afterwards returns no message that was already processed.
   *
   * @param timeout the longest wait
   * @return {@code false} if some were still waiting at the timeout
   */
  boolean awaitRecords(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (recording) {
      while (recording[0] > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(recording, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Closes the processed-id store, after the endpoint. */
  void closeStore() {
    storeClosed = true;
    ProcessedIdStore s = store;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing the processed-id store of {} failed: {}", spec.name(), e.toString());
      }
    }
  }

  String subscription() {
    return subscription;
  }

  /** Tells the observers that this endpoint started consuming. */
  void observeStart() {
    if (observer != null) {
      observer.subscribed(
          endpoint,
          new CachedStatistics(
              () -> messaging.statisticsOf(spec, subscription),
              "subscription '" + subscription + "' of " + spec.name()));
    }
  }

  /** Tells the observers that this endpoint stopped consuming. */
  void observeStop() {
    if (observer != null) {
      observer.unsubscribed(endpoint);
    }
  }

  /**
   * Starts observing the processing of a delivery.
   *
   * @param d the delivery
   * @param attempt the attempt
   * @return the observation, {@link ProcessObservation#NONE} with no observer
   */
  ProcessObservation processing(InboundDelivery d, int attempt) {
    MessagingObserver o = observer;
    return o == null ? ProcessObservation.NONE : o.processing(endpoint, d.message(), attempt);
  }

  /** The subscription name as a delivery shows it: only on topics. */
  @Nullable String visibleSubscription() {
    return spec.kind() == ChannelKind.TOPIC ? subscription : null;
  }

  Duration backoffAfter(int attempt) {
    return backoff.delayAfter(attempt);
  }

  /**
   * Checks expiry and the filter and decodes; settles the delivery itself when it is not for the
   * handler.
   *
   * @param d the delivery
   * @return the decoded message, or {@code null} if it was settled here
   */
  @Nullable Message<T> admit(InboundDelivery d) {
    Message<byte[]> raw = d.message();
    if (raw.isExpired(clock.instant())) {
      log.debug("dropping expired message {} on {}", raw.id(), spec.name());
      if (observer != null) {
        observer.expired(endpoint, raw);
      }
      d.ack();
      return null;
    }
    if (!filter.matches(raw.routingKey(), raw.headers())) {
      if (observer != null) {
        observer.filtered(endpoint, raw);
      }
      d.ack();
      return null;
    }
    T payload;
    try {
      payload = codec.decode(raw.payload(), type);
      if (payload == null) {
        throw new IllegalArgumentException("codec returned null");
      }
    } catch (Exception e) {
      SerializationException se =
          new SerializationException(
              messaging.bindingName(),
              spec.name(),
              "cannot decode message "
                  + raw.id()
                  + " ("
                  + raw.contentType()
                  + ") as "
                  + type.getName()
                  + ": "
                  + e.getMessage(),
              e);
      undecodable(d, se);
      return null;
    }
    return raw.withPayload(payload);
  }

  /**
   * Claims a message for processing on exactly-once channels; settles it here unless the caller
   * should process it. May wait for the binding's processed-id store, so it runs on a worker (or a
   * pull receiver's caller), never on a delivery thread.
   *
   * @param d the delivery
   * @param id the message id
   * @return {@code true} if the caller should process it; {@code false} if it was a duplicate
   *     (acked here) or the store could not tell (nacked here with the backoff, to be asked again)
   */
  boolean claim(InboundDelivery d, String id) {
    if (dedup == null) {
      return true;
    }
    if (!dedup.tryClaim(id)) {
      log.debug("duplicate message {} on {} acknowledged without processing", id, spec.name());
      if (observer != null) {
        observer.deduplicated(endpoint, d.message());
      }
      d.ack();
      return false;
    }
    ProcessedIdStore s = store;
    if (s == null) {
      return true;
    }
    boolean processed;
    try {
      processed = s.isProcessed(d);
    } catch (RuntimeException e) {
      dedup.release(id);
      Duration delay = backoff.delayAfter(Math.max(1, d.deliveryCount()));
      log.warn(
          "cannot tell whether message {} on {} (subscription '{}', binding '{}') was processed"
              + " already: the processed-id store failed ({}); returning it to the broker for {}",
          id,
          spec.name(),
          subscription,
          messaging.bindingName(),
          e.toString(),
          delay);
      d.nack(delay);
      return false;
    }
    if (processed) {
      dedup.markProcessed(id);
      log.debug(
          "message {} on {} was processed by another instance; acknowledged without processing",
          id,
          spec.name());
      if (observer != null) {
        observer.deduplicated(endpoint, d.message());
      }
      d.ack();
      return false;
    }
    return true;
  }

  /**
   * Gives up a claim after a failure, so a redelivery is processed.
   *
   * @param id the message id
   */
  void release(String id) {
    if (dedup != null) {
      dedup.release(id);
    }
  }

  /**
   * Marks processed and records it in the shared store, then acks (and confirms, when the publisher
   * asked).
   *
   * @param d the delivery
   * @param id the message id
   * @param attempt the attempt that succeeded
   */
  void succeeded(InboundDelivery d, String id, int attempt) {
    if (dedup == null) {
      settleSuccess(d, attempt);
      return;
    }
    dedup.markProcessed(id);
    ProcessedIdStore s = store;
    if (s == null) {
      settleSuccess(d, attempt);
      return;
    }
    synchronized (recording) {
      recording[0]++;
    }
    record(s, d, id, attempt, System.nanoTime() + messaging.config().sendTimeout().toNanos(), 1);
  }

  /**
   * Records a processed id, trying again after a failure until the send timeout has passed since
   * the first try. A record fails when the store's broker connection is lost: a failover, a broker
   * restart. Acking right away would leave the message processed but unknown to the store, and a
   * redelivery of it (the ack itself is often lost in the same failover) would then be processed
   * again by any other instance; a record made once the connection is back closes that gap. A
   * record is idempotent, so a try that failed but was stored does no harm.
   */
  private void record(
      ProcessedIdStore s,
      InboundDelivery d,
      String id,
      int attempt,
      long deadlineNanos,
      int tries) {
    CompletionStage<Void> stage;
    try {
      stage = s.record(d);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (v, t) -> {
          long delayMillis = Math.min(MAX_RECORD_RETRY_MILLIS, 50L << Math.min(tries, 5));
          if (t == null
              || storeClosed
              || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) - deadlineNanos
                  > 0) {
            recorded(d, id, attempt, t, tries);
            return;
          }
          log.debug(
              "recording message {} on {} failed (try {}), trying again in {} ms: {}",
              id,
              spec.name(),
              tries,
              delayMillis,
              t.toString());
          try {
            messaging
                .scheduler()
                .schedule(
                    () -> record(s, d, id, attempt, deadlineNanos, tries + 1),
                    delayMillis,
                    TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException closing) {
            recorded(d, id, attempt, t, tries);
          }
        });
  }

  private void recorded(
      InboundDelivery d, String id, int attempt, @Nullable Throwable failure, int tries) {
    try {
      if (failure != null) {
        // The handler ran: acking is right, only the memory of it is lost.
        log.warn(
            "message {} on {} (subscription '{}', binding '{}') was processed but its id could"
                + " not be recorded in {} tries within the send timeout ({}); acknowledging it:"
                + " another instance would process a redelivery or resend of it again",
            id,
            spec.name(),
            subscription,
            messaging.bindingName(),
            tries,
            failure.toString());
      }
      settleSuccess(d, attempt);
    } finally {
      synchronized (recording) {
        if (--recording[0] == 0) {
          recording.notifyAll();
        }
      }
    }
  }

  private void settleSuccess(InboundDelivery d, int attempt) {
    d.ack();
    confirm(d, ProcessingStatus.PROCESSED, attempt, null, null);
  }

  /** Tells the publisher what became of the message, if it asked (one header look-up if not). */
  private void confirm(
      InboundDelivery d,
      ProcessingStatus status,
      int attempt,
      @Nullable String reason,
      @Nullable Throwable error) {
    Message<byte[]> raw = d.message();
    if (raw.header(StandardHeaders.CONFIRM_TO) != null) {
      messaging
          .confirmationSender()
          .confirm(spec, subscription, raw, status, attempt, reason, error);
    }
  }

  /**
   * Settles a message whose attempts are used up.
   *
   * @param d the delivery
   * @param attempt the last attempt
   * @param error the last error
   * @param stop pauses the consumer (for {@link RetryExhaustion#STOP})
   * @return what became of the message
   */
  AfterFailure exhausted(InboundDelivery d, int attempt, Throwable error, Runnable stop) {
    Message<byte[]> raw = d.message();
    if (spec.deadLetter()) {
      deadLetter(d, DeadLetterReason.EXHAUSTED, attempt, error);
      return AfterFailure.DEAD_LETTER;
    } else if (spec.onRetriesExhausted() == RetryExhaustion.STOP) {
      log.error(
          "message {} on {} failed {} attempts; stopping subscription '{}' (the message stays on"
              + " the broker) — resume it once the cause is fixed",
          raw.id(),
          spec.name(),
          attempt,
          subscription,
          error);
      stop.run();
      d.nack(Duration.ZERO);
      return AfterFailure.STOP;
    } else {
      log.warn(
          "message {} on {} failed {} attempts and is dropped (no dead-letter channel): {}",
          raw.id(),
          spec.name(),
          attempt,
          error.toString());
      d.ack();
      confirm(d, ProcessingStatus.DROPPED, attempt, DeadLetterReason.EXHAUSTED.tag(), error);
      return AfterFailure.DROP;
    }
  }

  private void undecodable(InboundDelivery d, SerializationException error) {
    if (spec.deadLetter()) {
      deadLetter(d, DeadLetterReason.UNDECODABLE, d.deliveryCount(), error);
    } else {
      log.error(
          "message {} on {} cannot be decoded and is dropped (no dead-letter channel)",
          d.message().id(),
          spec.name(),
          error);
      d.ack();
      confirm(
          d,
          ProcessingStatus.DROPPED,
          d.deliveryCount(),
          DeadLetterReason.UNDECODABLE.tag(),
          error);
    }
  }

  private void deadLetter(
      InboundDelivery d, DeadLetterReason reason, int attempts, Throwable error) {
    Message<byte[]> raw = d.message();
    String errorMessage = error.getMessage() == null ? "" : error.getMessage();
    if (errorMessage.length() > MAX_ERROR_MESSAGE) {
      errorMessage = errorMessage.substring(0, MAX_ERROR_MESSAGE);
    }
    Message.Builder<byte[]> b =
        raw.toBuilder()
            .header(StandardHeaders.DLQ_ORIGINAL_CHANNEL, spec.name())
            .header(StandardHeaders.DLQ_ATTEMPTS, Integer.toString(attempts))
            .header(StandardHeaders.DLQ_ERROR_CLASS, error.getClass().getName())
            .header(StandardHeaders.DLQ_ERROR_MESSAGE, errorMessage)
            .header(StandardHeaders.DLQ_REASON, reason.tag());
    String now = clock.instant().toString();
    b.header(StandardHeaders.DLQ_FAILED_AT, now);
    if (raw.header(StandardHeaders.DLQ_FIRST_FAILED_AT) == null) {
      b.header(StandardHeaders.DLQ_FIRST_FAILED_AT, now);
    }
    String sub = visibleSubscription();
    if (sub != null) {
      b.header(StandardHeaders.DLQ_SUBSCRIPTION, sub);
    }
    Message<byte[]> dead = b.build();
    ChannelSpec dlq = messaging.deadLetterSpec(spec);
    messaging
        .sendRaw(dlq, List.of(dead))
        .get(0)
        .whenComplete(
            (r, t) -> {
              if (t == null) {
                log.debug("message {} on {} dead-lettered ({})", raw.id(), spec.name(), reason);
                if (observer != null) {
                  observer.deadLettered(endpoint, raw, reason, attempts, error);
                }
                d.ack();
                confirm(d, ProcessingStatus.DEAD_LETTERED, attempts, reason.tag(), error);
              } else {
                log.error(
                    "cannot dead-letter message {} of {} to {}; returning it to the broker",
                    raw.id(),
                    spec.name(),
                    dlq.name(),
                    t);
                d.nack(backoff.delayAfter(Math.max(1, attempts)));
              }
            });
  }
}
