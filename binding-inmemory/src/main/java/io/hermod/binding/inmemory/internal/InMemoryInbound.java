package io.hermod.binding.inmemory.internal;

import io.hermod.api.Filter;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.support.AbstractInbound;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running consumer of one {@link MessageQueue}: its own dispatcher thread takes messages in small
 * batches, within the prefetch, and hands them to core's handler. Thread-safe.
 */
final class InMemoryInbound extends AbstractInbound {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryInbound.class);

  /** Taken per lock acquisition: amortizes the lock without hoarding messages. */
  private static final int MAX_BATCH = 64;

  /** A handler that throws has broken its contract; the message comes back after this. */
  private static final Duration HANDLER_FAILURE_DELAY = Duration.ofSeconds(1);

  private static final long CLOSE_JOIN_MILLIS = 5_000L;

  /**
   * How long an idle dispatcher spins for the next message before it parks. Under a steady stream
   * this keeps the producer from paying a futex wake-up per message; when idle it costs a few
   * microseconds once.
   */
  private static final long SPIN_NANOS = 20_000L;

  /** Busy spins before the spin turns to yielding. */
  private static final int BUSY_SPINS = 100;

  final MessageQueue queue;
  final int prefetch;

  /** Applied at hand-out on queue channels; {@code null} when everything is selected. */
  final @Nullable Filter filter;

  private final InboundHandler handler;
  private final String channel;
  private final InMemoryTraffic traffic;
  private final Thread thread;
  private final Set<InMemoryInbound> registry;

  /**
   * The dispatcher is to end: set by {@link #stop()}, which {@link #close()} calls and a closing
   * binding calls on all its consumers before it closes (and waits for) each.
   */
  volatile boolean stopped;

  /** Whether the dispatcher is parked, or about to, waiting for a message. */
  private volatile boolean parked;

  // Guarded by the queue's lock; waiting and creditWait are also read without it, before parking.
  int inFlight;
  volatile boolean waiting;
  volatile boolean creditWait;
  long parkNanos;

  /** Set by the last empty take: no credit (woken by a settlement), not a registered waiter. */
  boolean creditWaitSeen;

  @Nullable InMemoryDelivery inFlightHead;
  @Nullable InMemoryDelivery inFlightTail;

  InMemoryInbound(
      MessageQueue queue,
      InboundHandler handler,
      int prefetch,
      @Nullable Filter filter,
      String channel,
      InMemoryTraffic traffic,
      String threadName,
      Set<InMemoryInbound> registry) {
    this.queue = queue;
    this.channel = channel;
    this.traffic = traffic;
    this.handler = handler;
    this.prefetch = Math.max(1, prefetch);
    this.filter = filter == null || filter.isEmpty() ? null : filter;
    this.registry = registry;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    registry.add(this);
    thread.start();
  }

  /** Wakes the dispatcher; a wake-up before it parks is not lost. */
  void wake() {
    LockSupport.unpark(thread);
  }

  /**
   * Wakes the dispatcher after the queue took it off its waiters ({@code waiting} already cleared):
   * unparks only if it parked, sparing the producer a wake-up while it spins.
   */
  void wakeWaiter() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  void settle(InMemoryDelivery d, boolean ack, long delayNanos) {
    queue.settle(d, ack, delayNanos);
    if (traffic.metered) {
      traffic.record(channel, BrokerOperation.SETTLE, 0L);
    }
  }

  private void run() {
    InMemoryDelivery[] batch = new InMemoryDelivery[Math.min(prefetch, MAX_BATCH)];
    while (!stopped) {
      if (isPaused()) {
        queue.withdraw(this);
        // Re-checked after withdraw: its lock may have swallowed resume()'s unpark.
        if (isPaused() && !stopped) {
          LockSupport.park(this);
        }
        continue;
      }
      int n = queue.take(this, batch);
      if (n == 0) {
        long nanos = parkNanos;
        boolean registered = !creditWaitSeen;
        if (registered && spinUntilWoken()) {
          continue;
        }
        // Announce the park, then look again: a waker either sees parked or we see its wake-up.
        // Every reason to wake is a flag checked here, after the last lock acquisition, because
        // a contended lock parks too and may swallow an unpark meant for this park.
        parked = true;
        if (!stopped && !isPaused() && (registered ? waiting : creditWait)) {
          if (nanos > 0L) {
            LockSupport.parkNanos(this, nanos);
          } else {
            LockSupport.park(this);
          }
        }
        parked = false;
        continue;
      }
      if (traffic.metered) {
        received(batch, n);
      }
      for (int i = 0; i < n; i++) {
        InMemoryDelivery d = batch[i];
        batch[i] = null;
        while (isPaused() && !stopped) {
          // Taken before the pause; they stay counted against the prefetch until resumed.
          LockSupport.park(this);
        }
        if (!stopped && !d.isSettled()) {
          handOver(d);
        }
      }
    }
  }

  /** Counts one take of {@code n} messages as a receive request. */
  private void received(InMemoryDelivery[] batch, int n) {
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      bytes += InMemoryTraffic.bytes(batch[i].message());
    }
    traffic.record(channel, BrokerOperation.RECEIVE, bytes);
  }

  /**
   * Spins briefly while registered as a waiter.
   *
   * @return {@code true} if the queue woke this consumer meanwhile
   */
  private boolean spinUntilWoken() {
    long end = System.nanoTime() + SPIN_NANOS;
    for (int i = 1; ; i++) {
      if (!waiting || stopped || isPaused()) {
        return true;
      }
      if ((i & 63) == 0 && System.nanoTime() - end > 0L) {
        return false;
      }
      if (i < BUSY_SPINS) {
        Thread.onSpinWait();
      } else {
        // Give the core to a runnable thread (the publisher, a handler): on a machine with few
        // cores a pure busy spin starves the very thread that would wake this one.
        Thread.yield();
      }
    }
  }

  private void handOver(InMemoryDelivery d) {
    try {
      handler.onDelivery(d);
    } catch (RuntimeException | Error e) {
      LOG.error(
          "{}: the inbound handler threw on message {}; it will be redelivered in {}",
          queue,
          d.message().id(),
          HANDLER_FAILURE_DELAY,
          e);
      d.nack(HANDLER_FAILURE_DELAY);
    }
  }

  @Override
  protected void onPause() {
    queue.withdraw(this);
  }

  @Override
  protected void onResume() {
    wake();
  }

  /** Tells the dispatcher to end, without waiting: a binding stops all its consumers at once. */
  void stop() {
    stopped = true;
    wake();
  }

  /** Stops the dispatcher, waits for it, and returns the unsettled deliveries. */
  @Override
  protected void doClose() {
    stop();
    finishClose();
  }

  private void finishClose() {
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join(CLOSE_JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn(
            "{}: dispatcher {} did not stop within {} ms; it is at {}",
            queue,
            thread.getName(),
            CLOSE_JOIN_MILLIS,
            java.util.Arrays.toString(thread.getStackTrace()));
      }
    }
    int returned = queue.returnAll(this);
    if (returned > 0) {
      LOG.debug("{}: returned {} unsettled deliveries on close", queue, returned);
    }
    registry.remove(this);
  }

  @Override
  public String toString() {
    return "InMemoryInbound[" + thread.getName() + "]";
  }
}
