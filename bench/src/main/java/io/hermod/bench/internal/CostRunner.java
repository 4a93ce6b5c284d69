package io.hermod.bench.internal;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.core.Hermod;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.tck.BrokerFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --costs}: what a channel costs at the broker. Per variant, 1,000 messages of about 1 KiB
 * (an order document, so compression has something to do) go through one queue to one subscriber;
 * the binding's own traffic reports (what {@code hermod.broker.*} meters count) are totalled per
 * operation. Not thread-safe.
 */
public final class CostRunner {

  private static final int MESSAGES = 1_000;

  /** How long after the last delivery the counts keep running: acks, commits, metric ticks. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  /** One way of running the workload. */
  record Variant(String name, Map<String, String> overrides, int batch, Duration idle) {}

  /** What one variant cost, per 1,000 messages. */
  record Row(
      String variant, Map<BrokerOperation, CountingTraffic.Totals> totals, long idleReceives) {}

  private CostRunner() {}

  /** The variants of a binding: batching everywhere, and each broker's own cost levers. */
  static List<Variant> variants(String binding) {
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("one send per message", Map.of(), 1, Duration.ZERO));
    v.add(new Variant("sendAll, batches of 10", Map.of(), 10, Duration.ZERO));
    v.add(new Variant("sendAll, batches of 100", Map.of(), 100, Duration.ZERO));
    switch (binding) {
      case "kafka" -> {
        v.add(new Variant("linger 0 ms", Map.of("hermod.kafka.linger", "0ms"), 1, Duration.ZERO));
        v.add(new Variant("linger 20 ms", Map.of("hermod.kafka.linger", "20ms"), 1, Duration.ZERO));
        v.add(
            new Variant(
                "sendAll of 100, lz4",
                Map.of("hermod.kafka.producer.compression.type", "lz4"),
                100,
                Duration.ZERO));
      }
      case "sqs" -> {
        v.add(
            new Variant(
                "idle 10 s, wait-time 1 s",
                Map.of("hermod.sqs.wait-time", "1s"),
                10,
                Duration.ofSeconds(10)));
        v.add(
            new Variant(
                "idle 10 s, wait-time 20 s",
                Map.of("hermod.sqs.wait-time", "20s"),
                10,
                Duration.ofSeconds(10)));
      }
      default -> {}
    }
    return v;
  }

  /**
   * Starts the binding's broker and measures every variant.
   *
   * @param binding the binding name
   * @return the Markdown table
   * @throws Exception if the broker or a workload fails
   */
  public static String run(String binding) throws Exception {
    BrokerFixture fixture = Brokers.start(binding);
    List<Row> rows = new ArrayList<>();
    try {
      for (Variant v : variants(binding)) {
        System.err.printf("[costs] %s: %s%n", binding, v.name());
        rows.add(measure(fixture.config(), v));
      }
    } finally {
      fixture.stop();
    }
    return markdown(binding, rows);
  }

  private static Row measure(Map<String, String> fixtureConfig, Variant v) throws Exception {
    String channel = "cost-" + UUID.randomUUID().toString().substring(0, 8);
    CountingTraffic traffic = new CountingTraffic(channel);
    Map<String, String> config = new LinkedHashMap<>(fixtureConfig);
    config.putAll(v.overrides());
    try (Messaging messaging = Hermod.builder().config(config).observer(traffic).build()) {
      Durability durability =
          messaging.capabilities().supports(Capability.PERSISTENT)
              ? Durability.PERSISTENT
              : Durability.MEMORY;
      messaging.declare(ChannelSpec.queue(channel).durability(durability).build());
      AtomicInteger received = new AtomicInteger();
      messaging.subscribe(channel, byte[].class, d -> received.incrementAndGet());
      Publisher<byte[]> publisher = messaging.publisher(channel, byte[].class);
      if (v.batch() == 1) {
        Semaphore window = new Semaphore(256);
        List<CompletableFuture<?>> sent = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
          window.acquire();
          sent.add(
              publisher
                  .send(order(i))
                  .toCompletableFuture()
                  .whenComplete((r, e) -> window.release()));
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0]))
            .get(60, TimeUnit.SECONDS);
      } else {
        for (int i = 0; i < MESSAGES; i += v.batch()) {
          List<Message<byte[]>> batch = new ArrayList<>(v.batch());
          for (int j = i; j < Math.min(MESSAGES, i + v.batch()); j++) {
            batch.add(Message.of(order(j)));
          }
          publisher.sendAll(batch).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (received.get() < MESSAGES) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              v.name() + ": received " + received.get() + " of " + MESSAGES);
        }
        Thread.sleep(20);
      }
      Thread.sleep(SETTLE.toMillis());
      Map<BrokerOperation, CountingTraffic.Totals> totals = new EnumMap<>(BrokerOperation.class);
      for (BrokerOperation op : BrokerOperation.values()) {
        totals.put(op, traffic.totals(op));
      }
      long idleReceives = -1;
      if (!v.idle().isZero()) {
        CountingTraffic.Totals before = traffic.totals(BrokerOperation.RECEIVE);
        Thread.sleep(v.idle().toMillis());
        idleReceives = traffic.totals(BrokerOperation.RECEIVE).minus(before).requests();
      }
      return new Row(v.name(), totals, idleReceives);
    }
  }

  /** An order document of about 1 KiB: text that compresses as real payloads do. */
  static byte[] order(int i) {
    StringBuilder b = new StringBuilder(1100);
    b.append("{\"order\":").append(i).append(",\"customer\":\"customer-").append(i % 97);
    b.append("\",\"currency\":\"EUR\",\"lines\":[");
    for (int line = 0; b.length() < 980; line++) {
      if (line > 0) {
        b.append(',');
      }
      b.append("{\"sku\":\"SKU-").append(1000 + (i * 7 + line) % 500);
      b.append("\",\"quantity\":").append(1 + line % 3).append(",\"price\":").append(9 + line);
      b.append('}');
    }
    b.append("]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The table of one binding: every figure per 1,000 messages. */
  static String markdown(String binding, List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| ")
        .append(binding)
        .append(
            " | send req | receive req | settle req | other req | billed req | KiB sent | KiB received |"
                + " receives while idle 10 s |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      CountingTraffic.Totals send = r.totals().get(BrokerOperation.SEND);
      CountingTraffic.Totals receive = r.totals().get(BrokerOperation.RECEIVE);
      long billed = 0;
      for (CountingTraffic.Totals t : r.totals().values()) {
        billed += t.billed();
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s |%n",
              r.variant(),
              send.requests(),
              receive.requests(),
              r.totals().get(BrokerOperation.SETTLE).requests(),
              r.totals().get(BrokerOperation.OTHER).requests(),
              billed,
              send.bytes() / 1024,
              receive.bytes() / 1024,
              r.idleReceives() < 0 ? "" : String.format(Locale.ROOT, "%,d", r.idleReceives())));
    }
    return b.toString();
  }
}
