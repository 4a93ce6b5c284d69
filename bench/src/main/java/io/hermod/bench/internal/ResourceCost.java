package io.hermod.bench.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What a stretch of work cost the whole JVM: bytes allocated by all its threads and CPU time of the
 * process. Both include everything else the JVM runs at the time (an in-JVM broker: in-memory,
 * Artemis, ElasticMQ; not Kafka, which runs in a child JVM), and allocation of threads that end
 * during the stretch is lost; so figures compare sides of one run, not bindings. Not thread-safe.
 */
final class ResourceCost {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Map<Long, Long> allocatedAtStart;
  private final long cpuAtStart;

  private ResourceCost() {
    allocatedAtStart = allocatedByThread();
    cpuAtStart = OS.getProcessCpuTime();
  }

  /** Starts measuring. */
  static ResourceCost start() {
    return new ResourceCost();
  }

  private static Map<Long, Long> allocatedByThread() {
    long[] ids = THREADS.getAllThreadIds();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> out = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        out.put(ids[i], bytes[i]);
      }
    }
    return out;
  }

  /** Bytes allocated since the start by threads alive now (new threads count in full). */
  long allocatedBytes() {
    long total = 0;
    for (Map.Entry<Long, Long> e : allocatedByThread().entrySet()) {
      total += e.getValue() - allocatedAtStart.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  /** CPU time of the process since the start, in nanoseconds. */
  long cpuNanos() {
    return OS.getProcessCpuTime() - cpuAtStart;
  }
}
