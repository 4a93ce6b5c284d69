package io.hermod.core.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.hermod.api.ChannelFullException;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Receipt;
import io.hermod.api.SerializationException;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.spi.observation.CircuitState;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.SendObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Guards every send of one {@code Messaging}: bounds each receipt by the send timeout and runs the
 * sends through one Resilience4j circuit breaker, so that while the broker is down sends fail fast
 * instead of each waiting for its timeout; after {@code wait-in-open} the breaker lets a few sends
 * probe and closes again once they succeed. Thread-safe.
 *
 * <p>This is on every publish, so it is kept cheap: a batch the binding has already settled when it
 * returns (the in-memory binding settles synchronously) is recorded and handed back on the caller's
 * thread with no timer and no bookkeeping. Unsettled batches wait in one FIFO queue that a single
 * periodic sweep checks: every batch has the same timeout, so deadlines are in queue order and the
 * sweep stops at the first batch not yet due. One scheduled timer per message instead costs a lock
 * on the scheduler's heap per send and again per confirmation.
 *
 * <p>Observed sends are reported here too, before their callers see the outcome (so that meters
 * read after a receipt include it), from the same bookkeeping: an observed send costs no future of
 * its own. The breaker's state is reported by comparing it after each call, not through its event
 * publisher, which, once anything listens, makes a timestamped event object for every successful
 * send.
 */
final class SendGuard {

  /** Bounds on the sweep's period; a timeout fires at most one period late. */
  private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long MAX_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final String binding;
  private final Duration sendTimeout;
  private final Duration waitInOpen;
  private final CircuitBreaker breaker;
  private final @Nullable MessagingObserver observer;

  /** The breaker state last reported to the observer. */
  private final AtomicReference<CircuitState> reported = new AtomicReference<>(CircuitState.CLOSED);

  /** Batches not settled when sent, oldest first; settled ones leave at the next sweep. */
  private final ConcurrentLinkedQueue<PendingBatch> pending = new ConcurrentLinkedQueue<>();

  SendGuard(
      String binding,
      CoreConfig config,
      ScheduledExecutorService scheduler,
      @Nullable MessagingObserver observer) {
    this.binding = binding;
    this.sendTimeout = config.sendTimeout();
    this.waitInOpen = config.waitInOpen();
    CircuitBreakerConfig cbc =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(config.failureRateThreshold())
            .minimumNumberOfCalls(config.minimumCalls())
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(Math.max(config.minimumCalls(), 100))
            .waitDurationInOpenState(config.waitInOpen())
            .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(10, config.minimumCalls())))
            .build();
    this.breaker = CircuitBreaker.of("hermod-" + binding + "-send", cbc);
    this.observer = observer;
    if (observer != null) {
      observer.circuitState(binding, CircuitState.CLOSED);
    }
    long period = Math.max(MIN_SWEEP_NANOS, Math.min(MAX_SWEEP_NANOS, sendTimeout.toNanos() / 10));
    scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * Sends a batch through the breaker with the timeout applied to every entry.
   *
   * @param channel the channel, for errors
   * @param size the number of entries
   * @param send performs the send
   * @param observations the entries' observations, told each outcome before its caller; {@code
   *     null} if none is observed, a {@code null} element if that entry is not
   * @return one future per entry, never {@code null}
   */
  List<CompletableFuture<Receipt>> send(
      String channel,
      int size,
      Supplier<List<CompletableFuture<Receipt>>> send,
      @Nullable SendObservation[] observations) {
    boolean permitted = breaker.tryAcquirePermission();
    reportState(); // open -> half-open happens on a permission
    if (!permitted) {
      ConnectionException open =
          new ConnectionException(
              binding,
              channel,
              "circuit open after repeated send failures; retrying in "
                  + Durations.format(waitInOpen)
                  + " (hermod.circuit-breaker.wait-in-open); check that the broker is reachable",
              null);
      List<CompletableFuture<Receipt>> failed = failedAll(size, open);
      if (observations != null) {
        for (SendObservation o : observations) {
          tell(o, open);
        }
      }
      return failed;
    }
    long start = System.nanoTime();
    List<CompletableFuture<Receipt>> raw;
    try {
      raw = send.get();
      if (raw.size() != size) {
        throw new IllegalStateException(
            "binding returned " + raw.size() + " results for " + size + " messages");
      }
    } catch (RuntimeException e) {
      raw = failedAll(size, normalize(channel, e));
    }
    if (allDone(raw)) {
      return settledNow(channel, start, raw, observations);
    }
    PendingBatch batch = new PendingBatch(channel, start, size, observations);
    for (int i = 0; i < size; i++) {
      int entry = i;
      raw.get(i).whenComplete((r, e) -> batch.settle(entry, r, e));
    }
    if (!batch.isSettled()) {
      pending.add(batch);
    }
    return batch.callers;
  }

  private static boolean allDone(List<CompletableFuture<Receipt>> raw) {
    for (CompletableFuture<Receipt> f : raw) {
      if (!f.isDone()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Records a batch the binding settled before returning and hands back its outcomes as they are:
   * the common case of bindings that confirm synchronously, with nothing to time out.
   */
  private List<CompletableFuture<Receipt>> settledNow(
      String channel,
      long start,
      List<CompletableFuture<Receipt>> raw,
      @Nullable SendObservation[] observations) {
    Throwable brokerFailure = null;
    List<CompletableFuture<Receipt>> out = null;
    Object[] outcomes = observations == null ? null : new Object[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      CompletableFuture<Receipt> f = raw.get(i);
      Object outcome =
          f.isCompletedExceptionally()
              ? outcome(channel, null, f.handle((r, e) -> e).join())
              : outcome(channel, f.join(), null);
      if (outcomes != null) {
        outcomes[i] = outcome;
      }
      if (outcome instanceof MessagingException failure) {
        if (brokerFailure == null && countsAsBrokerFailure(failure)) {
          brokerFailure = failure;
        }
        if (out == null) {
          out = new ArrayList<>(raw);
        }
        out.set(i, CompletableFuture.failedFuture(failure));
      }
    }
    record(System.nanoTime() - start, brokerFailure);
    if (observations != null) {
      for (int i = 0; i < observations.length; i++) {
        tell(observations[i], outcomes[i]);
      }
    }
    return out == null ? raw : out;
  }

  /** Tells an entry's observation (if it has one) its outcome: a receipt or a failure. */
  private static void tell(@Nullable SendObservation observation, Object outcome) {
    if (observation == null) {
      return;
    }
    if (outcome instanceof Receipt r) {
      observation.confirmed(r);
    } else {
      observation.failed((Throwable) outcome);
    }
  }

  /** An entry's outcome: its receipt, or the failure as the caller sees it. */
  private Object outcome(String channel, @Nullable Receipt receipt, @Nullable Throwable error) {
    if (error != null) {
      return normalize(channel, error);
    }
    return receipt != null
        ? receipt
        : normalize(channel, new IllegalStateException("binding confirmed with null"));
  }

  /** Tells the breaker how a batch went: its first failure that blames the broker, if any. */
  private void record(long nanos, @Nullable Throwable brokerFailure) {
    if (brokerFailure == null) {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    } else {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, brokerFailure);
    }
    reportState(); // closed -> open and half-open -> closed or open happen on a result
  }

  /**
   * Reports the breaker's state if it changed since last reported. Every transition happens inside
   * a permission or a recorded result, and this runs after each, so none goes unreported; two
   * threads racing past the same transition report it once.
   */
  private void reportState() {
    MessagingObserver o = observer;
    if (o == null) {
      return;
    }
    CircuitState now = stateOf(breaker.getState());
    CircuitState last = reported.get();
    if (now != last && reported.compareAndSet(last, now)) {
      o.circuitState(binding, now);
    }
  }

  private static CircuitState stateOf(CircuitBreaker.State state) {
    return switch (state) {
      case OPEN, FORCED_OPEN -> CircuitState.OPEN;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      default -> CircuitState.CLOSED;
    };
  }

  /** The breaker's current state, for logs and tests. */
  CircuitBreaker.State state() {
    return breaker.getState();
  }

  /**
   * Waits until every send made so far is confirmed or failed; each is bounded by the send timeout,
   * so this returns within about that long.
   *
   * @param slack how long to wait beyond the send timeout
   * @return {@code true} if nothing is left in flight
   */
  boolean flush(Duration slack) {
    List<CompletableFuture<Receipt>> unsettled = new ArrayList<>();
    for (PendingBatch b : pending) {
      if (!b.isSettled()) {
        unsettled.addAll(b.callers);
      }
    }
    if (unsettled.isEmpty()) {
      return true;
    }
    try {
      CompletableFuture.allOf(unsettled.toArray(new CompletableFuture<?>[0]))
          .handle((v, t) -> null)
          .get(sendTimeout.plus(slack).toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Drops settled batches from the head of the queue and times out the overdue ones. */
  private void sweep() {
    long now = System.nanoTime();
    for (PendingBatch b = pending.peek(); b != null; b = pending.peek()) {
      if (!b.isSettled()) {
        if (now - b.deadline < 0) {
          return; // every later batch is due later still
        }
        b.expire();
      }
      pending.poll();
    }
  }

  /** Rejections by a live broker (full, too large, misconfigured) say nothing about its health. */
  private static boolean countsAsBrokerFailure(Throwable t) {
    return !(t instanceof ChannelFullException
        || t instanceof MessageTooLargeException
        || t instanceof SerializationException
        || t instanceof ConfigurationException
        || t instanceof UnsupportedCapabilityException);
  }

  MessagingException normalize(String channel, Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof MessagingException me) {
      return me;
    }
    return new ConnectionException(
        binding, channel, "send failed: " + e.getClass().getName() + ": " + e.getMessage(), e);
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static List<CompletableFuture<Receipt>> failedAll(int size, Throwable error) {
    List<CompletableFuture<Receipt>> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(CompletableFuture.failedFuture(error));
    }
    return out;
  }

  /**
   * The outcomes of one batch. The caller sees them only after the breaker has recorded the batch:
   * a caller that sends one message after another's receipt must never find the half-open breaker
   * still counting the previous call as in flight and be rejected with "circuit open".
   */
  private final class PendingBatch {

    final List<CompletableFuture<Receipt>> callers;
    final long deadline;
    private final String channel;
    private final long start;

    /** A {@link Receipt} or a {@link MessagingException} per entry; the first one set wins. */
    private final AtomicReferenceArray<Object> outcomes;

    private final AtomicInteger unsettled;
    private final @Nullable SendObservation[] observations;

    PendingBatch(String channel, long start, int size, @Nullable SendObservation[] observations) {
      this.channel = channel;
      this.observations = observations;
      this.start = start;
      this.deadline = start + sendTimeout.toNanos();
      this.outcomes = new AtomicReferenceArray<>(size);
      this.unsettled = new AtomicInteger(size);
      List<CompletableFuture<Receipt>> futures = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        futures.add(new CompletableFuture<>());
      }
      this.callers = futures;
    }

    boolean isSettled() {
      return unsettled.get() == 0;
    }

    /** Sets an entry's outcome unless it has one: a confirmation after the timeout is ignored. */
    void settle(int entry, @Nullable Receipt receipt, @Nullable Throwable error) {
      Object outcome = outcome(channel, receipt, error);
      if (outcomes.compareAndSet(entry, null, outcome) && unsettled.decrementAndGet() == 0) {
        finish();
      }
    }

    void expire() {
      MessagingTimeoutException timeout =
          new MessagingTimeoutException(
              binding,
              channel,
              "send not confirmed by the broker within "
                  + Durations.format(sendTimeout)
                  + " (hermod.send-timeout); check that the broker is reachable or raise"
                  + " hermod.send-timeout",
              null);
      for (int i = 0; i < outcomes.length(); i++) {
        settle(i, null, timeout);
      }
    }

    private void finish() {
      try {
        record(System.nanoTime() - start);
        if (observations != null) {
          for (int i = 0; i < observations.length; i++) {
            tell(observations[i], outcomes.get(i));
          }
        }
      } finally {
        for (int i = 0; i < callers.size(); i++) {
          if (outcomes.get(i) instanceof Receipt r) {
            callers.get(i).complete(r);
          } else {
            callers.get(i).completeExceptionally((Throwable) outcomes.get(i));
          }
        }
      }
    }

    private void record(long nanos) {
      Throwable brokerFailure = null;
      for (int i = 0; i < outcomes.length() && brokerFailure == null; i++) {
        if (outcomes.get(i) instanceof Throwable t && countsAsBrokerFailure(t)) {
          brokerFailure = t;
        }
      }
      SendGuard.this.record(nanos, brokerFailure);
    }
  }
}
