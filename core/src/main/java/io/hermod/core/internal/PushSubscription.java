package io.hermod.core.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.Message;
import io.hermod.api.MessageHandler;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.ObservationScope;
import io.hermod.spi.observation.ProcessObservation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running push subscription: takes deliveries from the binding, runs them through the {@link
 * ConsumerPipeline}, and dispatches them to the handler on {@code concurrency} workers, per key in
 * order on ordered channels. Failed handlers are retried in place after the backoff on ordered
 * channels (keeping the key blocked without holding a worker) and nacked with the backoff
 * elsewhere. With one worker on an unordered channel, and a binding whose delivery threads may
 * block, the handler runs on the binding's thread instead (no hand-off). Thread-safe.
 *
 * @param <T> the payload type
 */
final class PushSubscription<T> implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(PushSubscription.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final CoreMessaging messaging;
  private final ConsumerPipeline<T> pipeline;
  private final MessageHandler<T> handler;
  private final SubscriptionOptions options;
  private final WorkerPool pool;
  private final KeyedSerialExecutor serial;

  /** Whether handlers run on the binding's delivery thread instead of this pool's workers. */
  private final AtomicBoolean closed = new AtomicBoolean();

  private volatile boolean closing;
  private volatile boolean paused;
  private volatile @Nullable Inbound inbound;

  PushSubscription(
      CoreMessaging messaging,
      ConsumerPipeline<T> pipeline,
      SubscriptionOptions options,
      MessageHandler<T> handler) {
    this.messaging = messaging;
    this.pipeline = pipeline;
    this.options = options;
    this.handler = handler;
    this.pool = new WorkerPool("hermod-" + pipeline.spec().name(), options.concurrency());
    this.serial = new KeyedSerialExecutor(pool);
  }

  /** Provisions the subscription (topics) and starts the binding's inbound endpoint. */
  void start() {
    SubscriptionSpec sub =
        new SubscriptionSpec(
            options.name(), options.filter(), options.prefetch(), options.startPosition());
    try {
      if (pipeline.spec().kind() == ChannelKind.TOPIC) {
        messaging.binding().provisionSubscription(pipeline.spec(), sub);
      }
      pipeline.openStore(sub);
      inbound = messaging.binding().inbound(pipeline.spec(), sub, this::onDelivery);
    } catch (RuntimeException e) {
      closing = true;
      pool.shutdown();
      pipeline.closeStore();
      throw e;
    }
    if (paused) {
      inbound.pause();
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
    String key = pipeline.spec().ordered() ? m.key() : null;
    serial.submit(key, done -> run(d, m, 0, done));
  }

  private void run(InboundDelivery d, Message<T> m, int retries, Runnable done) {
    boolean finished = true;
    try {
      finished = process(d, m, retries, done);
    } catch (RuntimeException e) {
      log.error("settling message {} on {} failed", m.id(), pipeline.spec().name(), e);
    } finally {
      if (finished) {
        done.run();
      }
    }
  }

  /**
   * Runs the handler once and settles.
   *
   * @return {@code false} if an in-place retry took over the key (it calls {@code done} later)
   */
  private boolean process(InboundDelivery d, Message<T> m, int retries, Runnable done) {
    if (closing) {
      // Never started: back in its place, ahead of the later messages of its key.
      d.release();
      return true;
    }
    if (!pipeline.claim(d, m.id())) {
      return true;
    }
    int attempt = d.deliveryCount() + retries;
    ProcessObservation observation = pipeline.processing(d, attempt);
    // Current while the handler runs and while a failure is handled, so that a reply or a
    // dead-letter send is seen as caused by this processing.
    try (ObservationScope scope = observation.enter()) {
      try {
        handler.handle(
            new ReceivedDelivery<>(
                m, attempt, pipeline.spec().name(), pipeline.visibleSubscription()));
      } catch (Throwable t) {
        pipeline.release(m.id());
        return !failed(d, m, retries, attempt, t, done, observation);
      }
      observation.succeeded();
    }
    pipeline.succeeded(d, m.id(), attempt);
    return true;
  }

  /**
   * Handles a handler failure.
   *
   * @return {@code true} if an in-place retry was scheduled (it will call {@code done})
   */
  private boolean failed(
      InboundDelivery d,
      Message<T> m,
      int retries,
      int attempt,
      Throwable error,
      Runnable done,
      ProcessObservation observation) {
    int max = pipeline.spec().maxDeliveryAttempts();
    if (attempt < max) {
      Duration delay = pipeline.backoffAfter(attempt);
      log.debug(
          "handler failed on attempt {} of {} for message {} on {}; redelivering in {}",
          attempt,
          max,
          m.id(),
          pipeline.spec().name(),
          delay,
          error);
      observation.failed(error, AfterFailure.REDELIVER);
      if (pipeline.spec().ordered()) {
        scheduleRetry(d, m, retries + 1, delay, done);
        return true;
      }
      d.nack(delay);
      return false;
    }
    observation.failed(error, pipeline.exhausted(d, attempt, error, this::pause));
    return false;
  }

  private void scheduleRetry(
      InboundDelivery d, Message<T> m, int retries, Duration delay, Runnable done) {
    Runnable retry =
        () -> {
          try {
            pool.execute(() -> run(d, m, retries, done));
          } catch (RejectedExecutionException e) {
            run(d, m, retries, done);
          }
        };
    try {
      messaging.scheduler().schedule(retry, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Messaging is closing: give the message back.
      d.release();
      done.run();
    }
  }

  @Override
  public String channel() {
    return pipeline.spec().name();
  }

  @Override
  public String name() {
    return options.name();
  }

  @Override
  public void pause() {
    paused = true;
    pool.pause();
    Inbound in = inbound;
    if (in != null) {
      in.pause();
    }
  }

  @Override
  public void resume() {
    if (closing) {
      return;
    }
    paused = false;
    Inbound in = inbound;
    if (in != null) {
      in.resume();
    }
    pool.resume();
  }

  @Override
  public boolean isPaused() {
    return paused;
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
    pool.shutdown();
    // Give back what is buffered but not started now, not after the running handlers finish.
    for (List<Runnable> queued = pool.drain(); !queued.isEmpty(); queued = pool.drain()) {
      queued.forEach(Runnable::run);
    }
    if (!pool.awaitTermination(CLOSE_GRACE)) {
      log.warn(
          "subscription '{}' on {}: handlers still running after {}; interrupted them",
          options.name(),
          pipeline.spec().name(),
          CLOSE_GRACE);
    }
    // A processed message acked only after its record must not go back to the broker unacked.
    if (!pipeline.awaitRecords(CLOSE_GRACE)) {
      log.warn(
          "subscription '{}' on {}: processed-id records still unconfirmed after {}; closing"
              + " anyway (those messages may be processed again by another instance)",
          options.name(),
          pipeline.spec().name(),
          CLOSE_GRACE);
    }
    if (in != null) {
      in.close();
    }
    pipeline.closeStore();
    pipeline.observeStop();
    messaging.forget(this);
  }

  @Override
  public String toString() {
    return "Subscription[" + pipeline.spec().name() + "/" + options.name() + "]";
  }
}
