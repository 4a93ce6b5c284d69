package io.hermod.core.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receiver;
import io.hermod.api.SubscriptionOptions;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull receiver: deliveries pass the same {@link ConsumerPipeline} as push ones, then wait in a
 * buffer (bounded by the binding's prefetch) until the caller takes them. Thread-safe.
 *
 * @param <T> the payload type
 */
final class PullReceiver<T> implements Receiver<T> {

  private static final Logger log = LoggerFactory.getLogger(PullReceiver.class);

  private final CoreMessaging messaging;
  private final ConsumerPipeline<T> pipeline;
  private final SubscriptionOptions options;
  private final LinkedBlockingQueue<Pulled> buffer = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  private volatile @Nullable Inbound inbound;

  PullReceiver(CoreMessaging messaging, ConsumerPipeline<T> pipeline, SubscriptionOptions options) {
    this.messaging = messaging;
    this.pipeline = pipeline;
    this.options = options;
  }

  void start() {
    SubscriptionSpec sub =
        new SubscriptionSpec(
            options.name(), options.filter(), options.prefetch(), options.startPosition());
    if (pipeline.spec().kind() == ChannelKind.TOPIC) {
      messaging.binding().provisionSubscription(pipeline.spec(), sub);
    }
    inbound = messaging.binding().inbound(pipeline.spec(), sub, this::onDelivery);
  }

  private void onDelivery(InboundDelivery d) {
    if (closing) {
      d.nack(Duration.ZERO);
      return;
    }
    Message<T> m = pipeline.admit(d);
    if (m == null) {
      return;
    }
    if (!pipeline.claim(m.id())) {
      d.ack();
      return;
    }
    buffer.add(new Pulled(d, m));
    if (closing) {
      drain(); // raced with close: give it back
    }
  }

  @Override
  public Optional<PulledDelivery<T>> receive(Duration timeout) {
    if (closing) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        Pulled p = buffer.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (p == null || !p.expiredWhileBuffered()) {
          return Optional.ofNullable(p);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public List<PulledDelivery<T>> receiveBatch(int maxSize, Duration maxWait) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
    }
    List<PulledDelivery<T>> out = new ArrayList<>(maxSize);
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (out.size() < maxSize && !closing) {
      Pulled p = buffer.poll();
      if (p != null && p.expiredWhileBuffered()) {
        continue;
      }
      if (p == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          p = buffer.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (p == null) {
          break;
        }
        if (p.expiredWhileBuffered()) {
          continue;
        }
      }
      out.add(p);
    }
    return out;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Inbound in = inbound;
    if (in != null) {
      in.pause();
    }
    closing = true;
    drain();
    if (in != null) {
      in.close();
    }
    messaging.forget(this);
  }

  private void drain() {
    Pulled p;
    while ((p = buffer.poll()) != null) {
      p.giveBack();
    }
  }

  @Override
  public String toString() {
    return "Receiver[" + pipeline.spec().name() + "/" + options.name() + "]";
  }

  /** One buffered delivery; the first settlement wins. */
  private final class Pulled implements PulledDelivery<T> {
    private final InboundDelivery delivery;
    private final Message<T> message;
    private final AtomicBoolean settled = new AtomicBoolean();

    Pulled(InboundDelivery delivery, Message<T> message) {
      this.delivery = delivery;
      this.message = message;
    }

    @Override
    public Message<T> message() {
      return message;
    }

    @Override
    public int attempt() {
      return delivery.deliveryCount();
    }

    @Override
    public String channel() {
      return pipeline.spec().name();
    }

    @Override
    public @Nullable String subscription() {
      return pipeline.visibleSubscription();
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true)) {
        pipeline.succeeded(delivery, message.id());
      }
    }

    @Override
    public void nack() {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      pipeline.release(message.id());
      int attempt = attempt();
      if (attempt < pipeline.spec().maxDeliveryAttempts()) {
        delivery.nack(pipeline.backoffAfter(attempt));
      } else {
        pipeline.exhausted(
            delivery,
            attempt,
            new MessagingException(
                messaging.bindingName(),
                pipeline.spec().name(),
                "nacked by the receiver on attempt " + attempt,
                null),
            PullReceiver.this::stopAfterExhaustion);
      }
    }

    @Override
    public void nack(Duration delay) {
      if (settled.compareAndSet(false, true)) {
        pipeline.release(message.id());
        delivery.nack(delay);
      }
    }

    /** Acks and reports {@code true} if the message expired while it waited in the buffer. */
    boolean expiredWhileBuffered() {
      if (!message.isExpired(Instant.now())) {
        return false;
      }
      if (settled.compareAndSet(false, true)) {
        pipeline.release(message.id());
        delivery.ack();
      }
      return true;
    }

    void giveBack() {
      if (settled.compareAndSet(false, true)) {
        pipeline.release(message.id());
        delivery.nack(Duration.ZERO);
      }
    }
  }

  private void stopAfterExhaustion() {
    Inbound in = inbound;
    if (in != null) {
      in.pause();
    }
    log.error(
        "receiver '{}' on {} stopped fetching; close and reopen it once the cause is fixed",
        options.name(),
        pipeline.spec().name());
  }
}
