package io.hermod.bench.internal;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** The three workloads, identical for every transport. Stateless. */
final class Workloads {

  /** Sends in flight at once: enough to fill any batch, bounded so memory stays flat. */
  private static final int WINDOW = 2000;

  private Workloads() {}

  /** Publishes {@code n} payloads as fast as confirms allow; returns messages per second. */
  static double throughput(Transport t, boolean exactlyOnce, int n) throws Exception {
    AtomicLong received = new AtomicLong();
    AtomicLong lastReceive = new AtomicLong();
    try (Transport.Channel ch =
        t.open(
            name("tp"),
            exactlyOnce,
            p -> {
              received.incrementAndGet();
              lastReceive.set(System.nanoTime());
            })) {
      Semaphore window = new Semaphore(WINDOW);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long start = System.nanoTime();
      for (long i = 0; i < n; i++) {
        if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
          throw new TimeoutException("no send confirmed for a minute after " + i + " sends");
        }
        ch.send(Payloads.stamped(i), i)
            .whenComplete(
                (r, e) -> {
                  window.release();
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                });
        if (failure.get() != null) {
          throw new IllegalStateException("send failed", failure.get());
        }
      }
      awaitCount(received, n, progressDeadlineNanos());
      return n / ((lastReceive.get() - start) / 1e9);
    }
  }

  /**
   * Sends {@code n} payloads at {@code rate} per second, each stamped with its intended send time
   * (so a stall is charged to every message behind it), and records send-to-receive latency.
   */
  static Histogram latency(Transport t, int rate, int n) throws Exception {
    ConcurrentHistogram h = new ConcurrentHistogram(3);
    AtomicLong received = new AtomicLong();
    try (Transport.Channel ch =
        t.open(
            name("lat"),
            false,
            p -> {
              h.recordValue(Math.max(0, System.nanoTime() - Payloads.stamp(p)));
              received.incrementAndGet();
            })) {
      long period = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (long i = 0; i < n; i++) {
        long due = start + i * period;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        CompletableFuture<?> ignored = ch.send(Payloads.stamped(due), i);
      }
      awaitCount(received, n, progressDeadlineNanos());
    }
    return h;
  }

  /** Makes {@code n} request/reply calls one after another and records each round trip. */
  static Histogram rpc(Transport t, int n) throws Exception {
    Histogram h = new Histogram(3);
    try (Transport.Rpc rpc = t.rpc(name("rpc"))) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        rpc.call(Payloads.stamped(t0));
        h.recordValue(System.nanoTime() - t0);
      }
    }
    return h;
  }

  private static long progressDeadlineNanos() {
    return TimeUnit.SECONDS.toNanos(60);
  }

  /** Waits while messages keep arriving; gives up after a minute without progress. */
  private static void awaitCount(AtomicLong count, long n, long stallNanos)
      throws TimeoutException {
    long seen = count.get();
    long lastProgress = System.nanoTime();
    while (count.get() < n) {
      LockSupport.parkNanos(1_000_000L);
      long now = count.get();
      if (now != seen) {
        seen = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stallNanos) {
        throw new TimeoutException("received " + now + " of " + n + " messages, then nothing");
      }
    }
  }

  private static String name(String workload) {
    return "bench-" + workload + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
