import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.binding.kafka.KafkaFixture;
import io.hermod.core.Hermod;
import io.hermod.jdbc.HermodJdbc;
import io.hermod.jdbc.Outbox;
import io.hermod.jdbc.OutboxConfig;
import io.hermod.jdbc.OutboxPublisher;
import io.hermod.jdbc.OutboxRelay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The outbox's throughput to Kafka (#17) against direct sends, alternating trials in one JVM: 8
 * writer threads, each on one connection of its own as a pool would give it, run N/8 business transactions (insert a row into a table of its own, and the
 * message: into the outbox in the same transaction, or sent directly and its receipt awaited after
 * the commit), timed from the first transaction until the consumer has every message. The outbox
 * side includes one relay publishing what commits.
 *
 * <p>PostgreSQL: the server at {@code jdbc:postgresql://127.0.0.1:5432/test} (user {@code
 * postgres}, trust), or {@code HERMOD_JDBC_URL}. {@code java -cp bench/target/hermod-bench.jar
 * bench/harness/OutboxHarness.java N TRIALS}
 */
public class OutboxHarness {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    int trials = Integer.parseInt(a[1]);
    PGSimpleDataSource db = new PGSimpleDataSource();
    db.setUrl(System.getenv().getOrDefault("HERMOD_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    db.setUser("postgres");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String business = "bench_orders_" + suffix;
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "CREATE TABLE " + business + " (id TEXT PRIMARY KEY, note TEXT)")) {
      ps.execute();
    }
    KafkaFixture kafka = new KafkaFixture();
    kafka.start();
    Map<String, List<Double>> rates = new TreeMap<>();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (Messaging m = Hermod.builder().config(kafka.config()).build()) {
      Outbox outbox = HermodJdbc.outbox(db, OutboxConfig.custom().table("bench_outbox_" + suffix).build());
      for (int t = -1; t < trials; t++) {
        for (int side = 0; side < 2; side++) {
          boolean viaOutbox = ((t + side) & 1) == 1;
          String channel = "outbox-bench-" + UUID.randomUUID().toString().substring(0, 8);
          m.declare(ChannelSpec.queue(channel).build());
          AtomicLong got = new AtomicLong();
          m.subscribe(channel, byte[].class, d -> got.incrementAndGet());
          Thread.sleep(3000); // the consumer group settles
          OutboxPublisher<byte[]> events = outbox.publisher(channel, byte[].class);
          Publisher<byte[]> direct = m.publisher(channel, byte[].class);
          OutboxRelay relay = viaOutbox ? outbox.startRelay(m) : null;
          long t0 = System.nanoTime();
          List<Future<?>> done = new ArrayList<>();
          for (int w = 0; w < 8; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
              // One connection per writer for the whole trial, as a pool would hand out.
              try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < n / 8; i++) {
                  String id = channel + "-" + writer + "-" + i;
                  byte[] payload = new byte[1024];
                  try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + business + " VALUES (?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, "order");
                    ps.executeUpdate();
                  }
                  if (viaOutbox) {
                    events.send(c, Message.builder(payload).key("k" + writer).build());
                    c.commit();
                  } else {
                    c.commit();
                    direct.send(Message.builder(payload).key("k" + writer).build())
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                  }
                }
              }
              return null;
            }));
          }
          for (Future<?> f : done) f.get();
          while (got.get() < (n / 8) * 8) Thread.onSpinWait();
          double rate = (n / 8) * 8 / ((System.nanoTime() - t0) / 1e9);
          if (relay != null) relay.close();
          String label = viaOutbox ? "outbox" : "direct";
          System.err.printf("trial %d %s: %.0f committed msg/s%n", t, label, rate);
          if (t >= 0) rates.computeIfAbsent(label, k -> new ArrayList<>()).add(rate);
        }
      }
    } finally {
      writers.shutdownNow();
      kafka.stop();
      try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DROP TABLE " + business)) {
        ps.execute();
      }
    }
    List<Double> d = rates.get("direct"), o = rates.get("outbox");
    Collections.sort(d);
    Collections.sort(o);
    System.out.printf("| committed msg/s to Kafka, 8 writers | direct %,.0f (%,.0f-%,.0f) | outbox %,.0f (%,.0f-%,.0f) | outbox/direct %.2f |%n",
        d.get(d.size() / 2), d.get(0), d.get(d.size() - 1), o.get(o.size() / 2), o.get(0), o.get(o.size() - 1),
        o.get(o.size() / 2) / d.get(d.size() / 2));
    System.out.println("load average " + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
