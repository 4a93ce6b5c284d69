package io.hermod.binding.artemis.internal;

import io.hermod.api.ConnectionException;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of sending slots, each one JMS session with an anonymous producer used by exactly one
 * thread (JMS sessions are single-threaded, and a completion listener must not call back into its
 * session, so sends never run on the caller's or the listener's thread). A slot's session and
 * thread are created on its first send, so a pool that only ever uses one slot costs one session.
 * Messages with the same ordering key always go through the same slot, so their order on the broker
 * is the order they were handed over. Thread-safe.
 */
final class ProducerPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProducerPool.class);

  /** What a slot runs: a piece of work with the slot's session and producer. */
  interface Work {
    /**
     * Runs on the slot's thread.
     *
     * @param session the slot's session
     * @param producer the slot's anonymous producer
     */
    void run(Session session, MessageProducer producer);

    /**
     * Called on the slot's thread instead of {@link #run} when the slot has no session and cannot
     * create one.
     *
     * @param cause why
     */
    void fail(Exception cause);
  }

  private final Connection connection;
  private final Duration sendTimeout;
  private final List<Slot> slots = new ArrayList<>();
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<CompletableFuture<?>, Deadline> pending = new ConcurrentHashMap<>();

  /** When an unconfirmed send times out, and with what error. */
  private record Deadline(long nanos, Supplier<? extends Exception> onTimeout) {}

  /**
   * A pool of {@code size} slots on {@code connection}.
   *
   * @param connection the producers' connection
   * @param size the number of slots
   * @param sendTimeout the send timeout: how long a tracked send may wait for its confirmation
   */
  ProducerPool(Connection connection, int size, Duration sendTimeout) {
    this.connection = connection;
    this.sendTimeout = sendTimeout;
    scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "hermod-" + ArtemisBindingProvider.NAME + "-send-timeout");
              t.setDaemon(true);
              return t;
            });
    // One sweep over the unconfirmed sends instead of a timer per send: a send fails at most
    // one period after its timeout, and sending costs no timer scheduling and cancelling.
    long period = Math.max(10, Math.min(1000, sendTimeout.toMillis() / 10));
    scheduler.scheduleWithFixedDelay(this::failExpired, period, period, TimeUnit.MILLISECONDS);
    for (int i = 0; i < size; i++) {
      slots.add(new Slot(i));
    }
  }

  /**
   * The number of slots.
   *
   * @return the size, {@code >= 1}
   */
  int size() {
    return slots.size();
  }

  /**
   * A slot for a message: by key hash when the order of that key matters, else the calling thread's
   * slot. Staying on one slot per thread keeps a thread's messages in order and leaves the other
   * slots (sessions and threads) uncreated while one suffices: a session sends asynchronously, so
   * one is as fast as several for a single sender.
   *
   * @param key the ordering key, or {@code null}
   * @return the slot index
   */
  int slotFor(@Nullable String key) {
    if (key != null) {
      return Math.floorMod(key.hashCode(), slots.size());
    }
    return (int) Math.floorMod(Thread.currentThread().getId(), (long) slots.size());
  }

  /**
   * Runs {@code work} on a slot's thread, after the work handed to that slot before.
   *
   * @param slot the slot index
   * @param work the work
   * @throws RejectedExecutionException if the pool is closed
   */
  void execute(int slot, Work work) {
    Slot s = slots.get(slot);
    s.executor.execute(() -> s.run(work));
  }

  /**
   * The send timeout the pool's tracked sends have.
   *
   * @return the timeout, never {@code null}
   */
  Duration sendTimeout() {
    return sendTimeout;
  }

  /**
   * Fails {@code future} with {@code onTimeout}'s exception unless it completes within the send
   * timeout (checked periodically, so at most a tenth of the timeout or a second later), and with a
   * connection error if the pool closes or the connection drops first: no future is left hanging.
   *
   * @param future the receipt future
   * @param onTimeout the error for a timeout
   */
  void track(CompletableFuture<?> future, Supplier<? extends Exception> onTimeout) {
    pending.put(future, new Deadline(System.nanoTime() + sendTimeout.toNanos(), onTimeout));
    future.whenComplete((r, e) -> pending.remove(future));
    // Checked after registering, so a close() that has already failed the pending sends cannot
    // miss this one.
    if (scheduler.isShutdown()) {
      future.completeExceptionally(closedError(null));
    }
  }

  private void failExpired() {
    long now = System.nanoTime();
    for (Map.Entry<CompletableFuture<?>, Deadline> e : pending.entrySet()) {
      Deadline d = e.getValue();
      if (now - d.nanos() >= 0) {
        e.getKey().completeExceptionally(d.onTimeout().get());
      }
    }
  }

  /**
   * Fails every send not yet confirmed by the broker.
   *
   * @param reason why, for the error message
   */
  void failPending(String reason) {
    for (CompletableFuture<?> f : List.copyOf(pending.keySet())) {
      f.completeExceptionally(
          new ConnectionException(
              ArtemisBindingProvider.NAME,
              null,
              reason + "; the message may or may not have been stored, retry the send",
              null));
    }
  }

  private static ConnectionException closedError(@Nullable Throwable cause) {
    return new ConnectionException(
        ArtemisBindingProvider.NAME,
        null,
        "the binding was closed before the broker confirmed the send; the message may or may not"
            + " have been stored",
        cause);
  }

  @Override
  public void close() {
    for (Slot s : slots) {
      s.executor.shutdown();
    }
    for (Slot s : slots) {
      try {
        if (!s.executor.awaitTermination(5, TimeUnit.SECONDS)) {
          s.executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      s.close();
    }
    scheduler.shutdownNow();
    for (CompletableFuture<?> f : List.copyOf(pending.keySet())) {
      f.completeExceptionally(closedError(null));
    }
  }

  /** One session and producer, created by the slot's thread on first use. */
  private final class Slot {
    final ThreadPoolExecutor executor;
    // Touched only by the slot's thread, and by close() after that thread has ended.
    private @Nullable Session session;
    private @Nullable MessageProducer producer;

    Slot(int index) {
      executor =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t =
                    new Thread(r, "hermod-" + ArtemisBindingProvider.NAME + "-send-" + index);
                t.setDaemon(true);
                return t;
              });
    }

    void run(Work work) {
      Session s = session;
      MessageProducer p = producer;
      if (s == null || p == null) {
        try {
          s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
          try {
            p = s.createProducer(null);
          } catch (JMSException | RuntimeException e) {
            closeQuietly(s);
            throw e;
          }
        } catch (JMSException | RuntimeException e) {
          work.fail(e);
          return;
        }
        session = s;
        producer = p;
      }
      work.run(s, p);
    }

    void close() {
      Session s = session;
      if (s != null) {
        closeQuietly(s);
      }
    }
  }

  private static void closeQuietly(Session s) {
    try {
      s.close();
    } catch (JMSException | RuntimeException e) {
      LOG.debug("closing a producer session failed: {}", e.toString());
    }
  }
}
