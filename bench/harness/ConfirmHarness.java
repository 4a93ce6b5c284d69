import io.hermod.api.ChannelSpec;
import io.hermod.api.Confirm;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.ProcessingReport;
import io.hermod.api.Publisher;
import io.hermod.api.SubscriptionOptions;
import io.hermod.binding.kafka.KafkaFixture;
import io.hermod.core.Hermod;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a processing confirmation costs (#18): the same topic and subscription, plain sends against
 * sends with {@code Confirm.processedBy("bench")}, alternating trials in one JVM.
 *
 * <p>Throughput: N 1 KiB messages with at most 500 unsettled, timed from the first send until the
 * subscriber processed the last one (plain) or the last report completed (confirmed). Latency: 500
 * messages one at a time, send to processed (plain, seen by the handler) or send to report
 * (confirmed); p50 and p99.
 *
 * <p>{@code java -cp bench/target/hermod-bench.jar bench/harness/ConfirmHarness.java inmemory|kafka N
 * TRIALS}
 */
public class ConfirmHarness {
  public static void main(String[] a) throws Exception {
    String binding = a[0];
    int n = Integer.parseInt(a[1]);
    int trials = Integer.parseInt(a[2]);
    KafkaFixture kafka = null;
    Map<String, String> config;
    if (binding.equals("kafka")) {
      kafka = new KafkaFixture();
      kafka.start();
      config = kafka.config();
    } else {
      config = Map.of("hermod.binding", "inmemory", "hermod.inmemory.broker", "b-" + UUID.randomUUID());
    }
    Map<String, List<Double>> figures = new TreeMap<>();
    try (Messaging m = Hermod.builder().config(config).build()) {
      for (int t = -1; t < trials; t++) { // t = -1: warm-up
        for (int side = 0; side < 2; side++) {
          boolean confirmed = ((t + side) & 1) == 1;
          String label = confirmed ? "confirmed" : "plain";
          String topic = "confirm-bench-" + UUID.randomUUID().toString().substring(0, 8);
          m.declare(ChannelSpec.topic(topic).build());
          AtomicLong processed = new AtomicLong();
          Map<Long, Long> sentAt = new ConcurrentHashMap<>();
          long[] lastSeen = new long[1];
          m.subscribe(
              topic,
              byte[].class,
              SubscriptionOptions.builder().name("bench").prefetch(500).build(),
              d -> {
                long seq = java.nio.ByteBuffer.wrap(d.payload()).getLong(0);
                Long at = sentAt.remove(seq);
                if (at != null) {
                  lastSeen[0] = System.nanoTime() - at;
                }
                processed.incrementAndGet();
              });
          Thread.sleep(kafka != null ? 3000 : 100); // the subscription's group settles
          Publisher<byte[]> p = m.publisher(topic, byte[].class);
          Confirm confirm = Confirm.processedBy("bench").within(java.time.Duration.ofSeconds(60));
          Semaphore window = new Semaphore(500);
          AtomicLong reports = new AtomicLong();
          long t0 = System.nanoTime();
          for (long i = 0; i < n; i++) {
            byte[] payload = new byte[1024];
            java.nio.ByteBuffer.wrap(payload).putLong(0, -1 - i);
            window.acquire();
            if (confirmed) {
              p.send(Message.of(payload), confirm).toCompletableFuture()
                  .whenComplete((r, e) -> { reports.incrementAndGet(); window.release(); });
            } else {
              p.send(payload).toCompletableFuture().whenComplete((r, e) -> window.release());
            }
          }
          while (confirmed ? reports.get() < n : processed.get() < n) {
            Thread.onSpinWait();
          }
          double rate = n / ((System.nanoTime() - t0) / 1e9);
          // Latency, one message at a time.
          List<Double> lat = new ArrayList<>();
          for (long i = 0; i < 500; i++) {
            byte[] payload = new byte[1024];
            java.nio.ByteBuffer.wrap(payload).putLong(0, i);
            long s = System.nanoTime();
            if (confirmed) {
              ProcessingReport r = p.send(Message.of(payload), confirm).toCompletableFuture().get(60, TimeUnit.SECONDS);
              if (!r.allProcessed()) throw new IllegalStateException("not processed: " + r);
              lat.add((System.nanoTime() - s) / 1e3);
            } else {
              long before = processed.get();
              sentAt.put(i, s);
              p.send(payload).toCompletableFuture().get(60, TimeUnit.SECONDS);
              while (processed.get() == before) Thread.onSpinWait();
              lat.add(lastSeen[0] / 1e3);
            }
          }
          Collections.sort(lat);
          if (t >= 0) {
            figures.computeIfAbsent(label + " throughput msg/s", k -> new ArrayList<>()).add(rate);
            figures.computeIfAbsent(label + " p50 us", k -> new ArrayList<>()).add(lat.get(lat.size() / 2));
            figures.computeIfAbsent(label + " p99 us", k -> new ArrayList<>()).add(lat.get((int) (lat.size() * 0.99)));
          }
          System.err.printf("%s trial %d %s: %.0f msg/s, p50 %.0f us, p99 %.0f us%n", binding, t, label, rate,
              lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.99)));
        }
      }
    } finally {
      if (kafka != null) kafka.stop();
    }
    System.out.println("| " + binding + " | plain median (min-max) | confirmed median (min-max) | confirmed/plain |");
    System.out.println("|---|---|---|---|");
    for (String f : List.of("throughput msg/s", "p50 us", "p99 us")) {
      List<Double> pl = figures.get("plain " + f), co = figures.get("confirmed " + f);
      Collections.sort(pl);
      Collections.sort(co);
      double pm = pl.get(pl.size() / 2), cm = co.get(co.size() / 2);
      System.out.printf("| %s | %,.0f (%,.0f-%,.0f) | %,.0f (%,.0f-%,.0f) | %.2f |%n", f, pm, pl.get(0), pl.get(pl.size() - 1),
          cm, co.get(0), co.get(co.size() - 1), cm / pm);
    }
    System.out.println("load average " + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
