import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.core.Hermod;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Allocation and throughput per message through the public API on the in-memory broker, no observer. */
public class AllocHarness {
  static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static Map<Long, Long> allocated() {
    long[] ids = THREADS.getAllThreadIds();
    long[] b = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> m = new HashMap<>();
    for (int i = 0; i < ids.length; i++) if (b[i] >= 0) m.put(ids[i], b[i]);
    return m;
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
    int rounds = 7;
    List<Double> bytes = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    try (Messaging m = Hermod.builder().binding("inmemory").property("hermod.inmemory.broker", "alloc-" + UUID.randomUUID()).build()) {
      for (int r = 0; r < rounds; r++) {
        String ch = "alloc-" + r;
        m.declare(ChannelSpec.queue(ch).build());
        AtomicLong got = new AtomicLong();
        Semaphore window = new Semaphore(2000);
        m.subscribe(ch, byte[].class, d -> { got.incrementAndGet(); });
        Publisher<byte[]> p = m.publisher(ch, byte[].class);
        byte[] payload = new byte[16];
        Map<Long, Long> before = allocated();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          window.acquire();
          p.send(payload).whenComplete((x, e) -> window.release());
        }
        while (got.get() < n) Thread.onSpinWait();
        long t1 = System.nanoTime();
        Map<Long, Long> after = allocated();
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        if (r >= 2) { // two warm-up rounds
          bytes.add((double) total / n);
          rates.add(n / ((t1 - t0) / 1e9));
        }
      }
    }
    Collections.sort(bytes); Collections.sort(rates);
    System.out.printf("alloc B/msg median %.0f (min %.0f max %.0f); msg/s median %.0f (min %.0f max %.0f)%n",
        bytes.get(bytes.size()/2), bytes.get(0), bytes.get(bytes.size()-1), rates.get(rates.size()/2), rates.get(0), rates.get(rates.size()-1));
  }
}
