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
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.ProcessObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull receiver: deliveries pass the same {@link ConsumerPipeline} as push ones, then wait in a
 * buffer (bounded by the binding's prefetch) until the caller takes them. Thread-safe.
 *
 * <p>On an ordered channel a key is held while one of its deliveries is out with the caller: the
 * next message of that key is not handed out until the first is settled, and a nacked one is
 * retried in place (after the backoff, ahead of the later messages of its key) instead of going
 * back to the broker, where it would land behind them. That is what push subscriptions do with
 * their keyed executor, so the same code sees the same order whichever way it consumes.
 *
 * @param <T> the payload type
 */
final class PullReceiver<T> implements Receiver<T> {

  private static final Logger log = LoggerFactory.getLogger(PullReceiver.class);

  private final CoreMessaging messaging;
  private final ConsumerPipeline<T> pipeline;
  private final SubscriptionOptions options;
  private final boolean ordered;

  /** Deliveries the caller may take now. */
  private final LinkedBlockingQueue<Pulled> ready = new LinkedBlockingQueue<>();

  /**
   * On ordered channels, the keys with a delivery ready or out with the caller, each with the
   * deliveries of that key waiting behind it; guarded by itself.
   */
  private final Map<String, ArrayDeque<Pulled>> heldKeys = new HashMap<>();

  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  private volatile @Nullable Inbound inbound;

  PullReceiver(CoreMessaging messaging, ConsumerPipeline<T> pipeline, SubscriptionOptions options) {
    this.messaging = messaging;
    this.pipeline = pipeline;
    this.options = options;
    this.ordered = pipeline.spec().ordered();
  }

  void start() {
    SubscriptionSpec sub =
        new SubscriptionSpec(
            options.name(), options.filter(), options.prefetch(), options.startPosition());
    if (pipeline.spec().kind() == ChannelKind.TOPIC) {
      messaging.binding().provisionSubscription(pipeline.spec(), sub);
    }
    pipeline.openStore(sub);
    try {
      inbound = messaging.binding().inbound(pipeline.spec(), sub, this::onDelivery);
    } catch (RuntimeException e) {
      pipeline.closeStore();
      throw e;
    }
    pipeline.observeStart();
  }

  private void onDelivery(InboundDelivery d) {
    if (closing) {
      d.release();
      return;
    }
    Message<T> m = pipeline.admit(d);
    if (m == null) {
      return;
    }
    offer(new Pulled(d, m, 0));
    if (closing) {
      drain(); // raced with close: give it back
    }
  }

  /** Makes a delivery ready, or queues it behind the delivery of its key that is out. */
  private void offer(Pulled p) {
    String key = p.heldKey();
    if (key != null) {
      synchronized (heldKeys) {
        ArrayDeque<Pulled> waiting = heldKeys.get(key);
        if (waiting != null) {
          waiting.addLast(p);
          return;
        }
        heldKeys.put(key, new ArrayDeque<>());
      }
    }
    ready.add(p);
  }

  /** A delivery of a held key was settled: the next one of the key becomes ready. */
  private void keyDone(Pulled p) {
    String key = p.heldKey();
    if (key == null) {
      return;
    }
    Pulled next;
    synchronized (heldKeys) {
      ArrayDeque<Pulled> waiting = heldKeys.get(key);
      next = waiting == null ? null : waiting.pollFirst();
      if (next == null) {
        heldKeys.remove(key);
        return;
      }
    }
    ready.add(next);
  }

  @Override
  public Optional<PulledDelivery<T>> receive(Duration timeout) {
    return Optional.ofNullable(next(System.nanoTime() + timeout.toNanos()));
  }

  @Override
  public List<PulledDelivery<T>> receiveBatch(int maxSize, Duration maxWait) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
    }
    List<PulledDelivery<T>> out = new ArrayList<>(maxSize);
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (out.size() < maxSize) {
      Pulled p = next(deadline);
      if (p == null) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  /**
   * The next delivery for the caller, claimed; waits until the deadline.
   *
   * @return the delivery, or {@code null} at the deadline or once closing
   */
  private @Nullable Pulled next(long deadline) {
    try {
      while (!closing) {
        Pulled p = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (p == null) {
          return null;
        }
        if (p.expiredWhileBuffered()) {
          continue;
        }
        if (!pipeline.claim(p.delivery, p.message.id())) {
          p.settledByClaim();
          continue;
        }
        p.observation = pipeline.processing(p.delivery, p.attempt());
        return p;
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
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
    // Acks already given wait for their records, so the close returns none of them unacked.
    if (!pipeline.awaitRecords(Duration.ofSeconds(5))) {
      log.warn(
          "receiver '{}' on {}: processed-id records still unconfirmed after 5s; closing anyway",
          options.name(),
          pipeline.spec().name());
    }
    if (in != null) {
      in.close();
    }
    pipeline.closeStore();
    pipeline.observeStop();
    messaging.forget(this);
  }

  /** Gives back, in place, everything ready or waiting behind a held key. */
  private void drain() {
    List<Pulled> back = new ArrayList<>();
    ready.drainTo(back);
    synchronized (heldKeys) {
      heldKeys.values().forEach(back::addAll);
      heldKeys.clear();
    }
    back.forEach(Pulled::giveBack);
  }

  @Override
  public String toString() {
    return "Receiver[" + pipeline.spec().name() + "/" + options.name() + "]";
  }

  /** One delivery on its way to the caller; the first settlement wins. */
  private final class Pulled implements PulledDelivery<T> {
    private final InboundDelivery delivery;
    private final Message<T> message;

    /** Attempts made in place on an ordered channel, on top of the broker's count. */
    private final int retries;

    private final AtomicBoolean settled = new AtomicBoolean();

    /** Set when handed to the caller; the caller's settlement ends it. */
    private ProcessObservation observation = ProcessObservation.NONE;

    Pulled(InboundDelivery delivery, Message<T> message, int retries) {
      this.delivery = delivery;
      this.message = message;
      this.retries = retries;
    }

    /** The key this delivery holds while it is out, or {@code null} if it holds none. */
    @Nullable String heldKey() {
      return ordered ? message.key() : null;
    }

    @Override
    public Message<T> message() {
      return message;
    }

    @Override
    public int attempt() {
      return delivery.deliveryCount() + retries;
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
        observation.succeeded();
        pipeline.succeeded(delivery, message.id(), attempt());
        keyDone(this);
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
        if (observation != ProcessObservation.NONE) {
          observation.failed(nacked(attempt, null), AfterFailure.REDELIVER);
        }
        redeliver(pipeline.backoffAfter(attempt));
      } else {
        MessagingException nacked = nacked(attempt, null);
        observation.failed(
            nacked,
            pipeline.exhausted(delivery, attempt, nacked, PullReceiver.this::stopAfterExhaustion));
        keyDone(this);
      }
    }

    @Override
    public void nack(Duration delay) {
      if (settled.compareAndSet(false, true)) {
        pipeline.release(message.id());
        if (observation != ProcessObservation.NONE) {
          observation.failed(nacked(attempt(), delay), AfterFailure.REDELIVER);
        }
        redeliver(delay.isNegative() ? Duration.ZERO : delay);
      }
    }

    /**
     * Delivers again after the delay: in place, still holding the key, on an ordered channel;
     * through the broker otherwise.
     */
    private void redeliver(Duration delay) {
      if (heldKey() == null) {
        delivery.nack(delay);
        return;
      }
      Pulled again = new Pulled(delivery, message, retries + 1);
      try {
        messaging
            .scheduler()
            .schedule(
                () -> {
                  ready.add(again);
                  if (closing) {
                    drain();
                  }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        again.giveBack(); // Messaging is closing
      }
    }

    private MessagingException nacked(int attempt, @Nullable Duration delay) {
      return new MessagingException(
          messaging.bindingName(),
          pipeline.spec().name(),
          "nacked by the receiver on attempt "
              + attempt
              + (delay == null ? "" : ", to be redelivered after " + Durations.format(delay)),
          null);
    }

    /** The claim settled it (a duplicate, or a store that could not tell). */
    void settledByClaim() {
      settled.set(true);
      keyDone(this);
    }

    /** Acks and reports {@code true} if the message expired while it waited in the buffer. */
    boolean expiredWhileBuffered() {
      if (!message.isExpired(Instant.now())) {
        return false;
      }
      if (settled.compareAndSet(false, true)) {
        delivery.ack();
        keyDone(this);
      }
      return true;
    }

    void giveBack() {
      if (settled.compareAndSet(false, true)) {
        delivery.release();
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
