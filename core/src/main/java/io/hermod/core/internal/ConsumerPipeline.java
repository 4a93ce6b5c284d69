package io.hermod.core.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.RetryExhaustion;
import io.hermod.api.SerializationException;
import io.hermod.api.StandardHeaders;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.PayloadCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of consuming that push subscriptions and pull receivers share: expiry, client-side
 * filtering, decoding, deduplication, settling after success, and what happens when attempts run
 * out (dead-letter, drop or stop). Thread-safe.
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
    this.dedup =
        spec.guarantee() == DeliveryGuarantee.EXACTLY_ONCE
            ? new DedupStore(messaging.config().dedupMaxIds(), spec.dedupWindow(), clock)
            : null;
  }

  ChannelSpec spec() {
    return spec;
  }

  String subscription() {
    return subscription;
  }

  /** The subscription name as a delivery shows it: only on topics. */
  @Nullable String visibleSubscription() {
    return spec.kind() == ChannelKind.TOPIC ? subscription : null;
  }

  Duration backoffAfter(int attempt) {
    return backoff.delayAfter(attempt);
  }

  /**
   * Checks expiry and the filter and decodes; settles the delivery itself when it is not for
   * the handler.
   *
   * @param d the delivery
   * @return the decoded message, or {@code null} if it was settled here
   */
  @Nullable Message<T> admit(InboundDelivery d) {
    Message<byte[]> raw = d.message();
    if (raw.isExpired(clock.instant())) {
      log.debug("dropping expired message {} on {}", raw.id(), spec.name());
      d.ack();
      return null;
    }
    if (!filter.matches(raw.routingKey(), raw.headers())) {
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
   * Claims a message for processing on exactly-once channels.
   *
   * @param id the message id
   * @return {@code false} if it is a duplicate (the caller acks it)
   */
  boolean claim(String id) {
    boolean fresh = dedup == null || dedup.tryClaim(id);
    if (!fresh) {
      log.debug("duplicate message {} on {} acknowledged without processing", id, spec.name());
    }
    return fresh;
  }

  void release(String id) {
    if (dedup != null) {
      dedup.release(id);
    }
  }

  /** Marks processed, then acks (or, under the chaos knob, simulates a lost ack). */
  void succeeded(InboundDelivery d, String id) {
    if (dedup != null) {
      dedup.markProcessed(id);
    }
    double lost = messaging.config().lostAckRate();
    if (lost > 0 && ThreadLocalRandom.current().nextDouble() < lost) {
      d.nack(Duration.ZERO);
    } else {
      d.ack();
    }
  }

  /**
   * Settles a message whose attempts are used up.
   *
   * @param d the delivery
   * @param attempt the last attempt
   * @param error the last error
   * @param stop pauses the consumer (for {@link RetryExhaustion#STOP})
   */
  void exhausted(InboundDelivery d, int attempt, Throwable error, Runnable stop) {
    Message<byte[]> raw = d.message();
    if (spec.deadLetter()) {
      deadLetter(d, "exhausted", attempt, error);
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
    } else {
      log.warn(
          "message {} on {} failed {} attempts and is dropped (no dead-letter channel): {}",
          raw.id(),
          spec.name(),
          attempt,
          error.toString());
      d.ack();
    }
  }

  private void undecodable(InboundDelivery d, SerializationException error) {
    if (spec.deadLetter()) {
      deadLetter(d, "undecodable", d.deliveryCount(), error);
    } else {
      log.error(
          "message {} on {} cannot be decoded and is dropped (no dead-letter channel)",
          d.message().id(),
          spec.name(),
          error);
      d.ack();
    }
  }

  private void deadLetter(InboundDelivery d, String reason, int attempts, Throwable error) {
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
            .header(StandardHeaders.DLQ_REASON, reason);
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
                d.ack();
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
