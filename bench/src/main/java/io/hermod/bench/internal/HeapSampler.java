package io.hermod.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Samples used heap every 10 ms and keeps the peak. Thread-safe. */
final class HeapSampler implements AutoCloseable {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  HeapSampler() {
    thread =
        new Thread(
            () -> {
              while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                LockSupport.parkNanos(10_000_000L);
              }
            },
            "bench-heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  long peak() {
    return peak.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
