package io.hermod.binding.inmemory.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one timer thread of a binding, started on first use, for sends blocked on a full channel.
 * Thread-safe. On close, tasks still scheduled run at once, so no blocked send is left hanging.
 */
final class Timeouts {

  private final String threadName;
  private @Nullable ScheduledThreadPoolExecutor executor;
  private boolean closed;

  Timeouts(String threadName) {
    this.threadName = threadName;
  }

  /**
   * A duration in nanoseconds, a quarter of {@link Long#MAX_VALUE} (about 73 years) when it has
   * more, so that adding it to {@link System#nanoTime()} cannot overflow.
   *
   * @param d a duration, not negative
   * @return the nanoseconds
   */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /**
   * Runs {@code task} after {@code delayNanos}, or at once when closed.
   *
   * @param task the task
   * @param delayNanos the delay
   * @return the scheduled task, or {@code null} if it already ran
   */
  synchronized @Nullable ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    if (closed) {
      task.run();
      return null;
    }
    if (executor == null) {
      ScheduledThreadPoolExecutor e =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      executor = e;
    }
    return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Stops the thread, running every task still scheduled. Idempotent. */
  void close() {
    List<Runnable> left;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (executor == null) {
        return;
      }
      left = executor.shutdownNow();
    }
    for (Runnable r : left) {
      r.run();
    }
  }
}
