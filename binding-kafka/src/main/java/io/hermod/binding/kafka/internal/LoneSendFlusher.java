package io.hermod.binding.kafka.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a lone record at once instead of after the producer's linger.
 *
 * <p>Linger only pays off when other records arrive within it to share the batch. A send made while
 * none of the producer's earlier sends is unconfirmed (a request, a reply, a message at a low rate)
 * has nobody to wait for, so this asks the producer to {@link Producer#flush() flush}: the batch
 * goes out now. Flushing blocks until the flushed records are acknowledged, so it runs on this
 * object's own thread, never on the caller's. Under load, sends always find others unconfirmed and
 * batch with linger as configured. Only timing changes: a receipt still completes on the broker's
 * acknowledgement, and one producer keeps the partitions' order. Thread-safe.
 */
final class LoneSendFlusher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoneSendFlusher.class);

  private final String threadName;
  private final boolean lingers;
  private final AtomicInteger unconfirmed = new AtomicInteger();
  private final AtomicBoolean requested = new AtomicBoolean();
  private volatile @Nullable Thread thread;
  private volatile boolean running;

  /**
   * A flusher, idle until started.
   *
   * @param threadName the name of its thread
   * @param lingers whether the producer lingers at all; if not, there is nothing to flush early
   */
  LoneSendFlusher(String threadName, boolean lingers) {
    this.threadName = threadName;
    this.lingers = lingers;
  }

  /**
   * Starts flushing {@code producer} on request.
   *
   * @param producer the producer whose sends are counted
   */
  void start(Producer<byte[], byte[]> producer) {
    if (!lingers) {
      return;
    }
    running = true;
    Thread t = new Thread(() -> run(producer), threadName);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * A send is about to be appended to the producer.
   *
   * @return whether it is alone: no earlier send is unconfirmed
   */
  boolean sending() {
    return unconfirmed.getAndIncrement() == 0;
  }

  /** A send counted by {@link #sending()} was acknowledged, failed or never appended. */
  void settled() {
    unconfirmed.decrementAndGet();
  }

  /** Sends what the producer holds without waiting for linger; call after the append. */
  void flushSoon() {
    Thread t = thread;
    if (t != null) {
      requested.set(true);
      LockSupport.unpark(t);
    }
  }

  private void run(Producer<byte[], byte[]> producer) {
    while (running) {
      if (!requested.getAndSet(false)) {
        LockSupport.park(this);
        continue;
      }
      try {
        // Marks every batch ready now; records appended while it waits go out at once too.
        producer.flush();
      } catch (RuntimeException e) {
        // InterruptException on close; otherwise the sends themselves report their failures.
        if (running) {
          LOG.debug("flushing lone sends failed: {}", e.toString());
        }
      }
    }
  }

  /** Stops the thread; waits briefly, since an interrupted flush returns at once. */
  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
