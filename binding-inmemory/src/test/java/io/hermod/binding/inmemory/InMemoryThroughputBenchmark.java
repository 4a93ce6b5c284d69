package io.hermod.binding.inmemory;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.SubscriptionOptions;
import io.hermod.binding.inmemory.internal.BrokerClient;
import io.hermod.core.Hermod;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.Outbound;
import io.hermod.spi.SubscriptionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-way throughput of the in-memory binding: one producer thread, one consumer, small messages;
 * once straight through the SPI, once through the {@link Messaging} API. A benchmark, not a test:
 * run it from the repository root with:
 *
 * <pre>{@code
 * mvn -B -q -o -pl binding-inmemory test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp binding-inmemory/target/classes:binding-inmemory/target/test-classes:$(cat binding-inmemory/target/bench.cp) \
 *     io.hermod.binding.inmemory.InMemoryThroughputBenchmark [messages] [rounds]
 * }</pre>
 *
 * <p>Each figure is the median of the measured rounds, after three warm-up rounds, timed from the
 * first send to the last delivery. Not thread-safe; run it alone on a quiet machine.
 */
public final class InMemoryThroughputBenchmark {

  private static final byte[] PAYLOAD = new byte[16];

  private InMemoryThroughputBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional: messages per round (default 2,000,000), measured rounds (default 5)
   * @throws Exception if a round fails
   */
  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf(
        "one-way, 1 producer thread, 1 consumer, %d-byte payloads, %,d messages per round%n",
        PAYLOAD.length, messages);
    report("SPI", messages, rounds, InMemoryThroughputBenchmark::spiRound);
    report("Messaging API", messages, rounds, InMemoryThroughputBenchmark::apiRound);
  }

  private interface Round {
    double run(int messages) throws Exception;
  }

  private static void report(String what, int messages, int rounds, Round round) throws Exception {
    for (int i = 0; i < 3; i++) {
      round.run(messages / 2); // warm-up
    }
    double[] rates = new double[rounds];
    double[] cpu = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long cpuBefore = processCpuNanos();
      rates[i] = round.run(messages);
      cpu[i] = (processCpuNanos() - cpuBefore) / (double) messages;
      System.out.printf(
          "  %s round %d: %,.0f msg/s, %.0f ns CPU/msg%n", what, i + 1, rates[i], cpu[i]);
    }
    Arrays.sort(rates);
    Arrays.sort(cpu);
    System.out.printf(
        "%s: median %,.0f msg/s (min %,.0f, max %,.0f); median %.0f ns CPU per message"
            + " (all threads, incl. GC)%n",
        what, rates[rounds / 2], rates[0], rates[rounds - 1], cpu[rounds / 2]);
  }

  /**
   * CPU time of the whole process (Linux {@code /proc/self/stat}, 10 ms ticks): robust against
   * other load on the machine, unlike msg/s. Tests compile inside the module, which does not read
   * {@code java.management}, hence not an MXBean.
   */
  private static long processCpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
      return ticks * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0L;
    }
  }

  /** Producer calls Outbound.send with one message per call; the handler acks on delivery. */
  private static double spiRound(int messages) throws Exception {
    String broker = "bench-" + UUID.randomUUID();
    Binding binding =
        SpiHarness.provider()
            .create(SpiHarness.context(Map.of("broker", broker), java.time.Duration.ofSeconds(10)));
    binding.start();
    try {
      ChannelSpec q = ChannelSpec.queue("bench").durability(Durability.MEMORY).build();
      binding.provision(q);
      CountDownLatch done = new CountDownLatch(1);
      AtomicLong received = new AtomicLong();
      Inbound in =
          binding.inbound(
              q,
              new SubscriptionSpec(
                  "bench", io.hermod.api.Filter.none(), 1024, io.hermod.api.StartPosition.LATEST),
              d -> {
                d.ack();
                if (received.incrementAndGet() == messages) {
                  done.countDown();
                }
              });
      Outbound out = binding.outbound(q);
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        Message<byte[]> m = Message.builder(PAYLOAD).id(Integer.toString(i)).type("bench").build();
        out.send(List.of(m));
      }
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + received.get() + " of " + messages + " arrived");
      }
      long nanos = System.nanoTime() - start;
      in.close();
      return messages / (nanos / 1e9);
    } finally {
      binding.close();
      BrokerClient.removeBroker(broker);
    }
  }

  /** Publisher.send(payload) per message; a subscription with default concurrency counts. */
  private static double apiRound(int messages) throws Exception {
    String broker = "bench-" + UUID.randomUUID();
    try (Messaging messaging =
        Hermod.builder()
            .config(Map.of("hermod.binding", "inmemory", "hermod.inmemory.broker", broker))
            .build()) {
      messaging.declare(ChannelSpec.queue("bench").durability(Durability.MEMORY).build());
      CountDownLatch done = new CountDownLatch(1);
      AtomicLong received = new AtomicLong();
      messaging.subscribe(
          "bench",
          byte[].class,
          SubscriptionOptions.builder().prefetch(1024).build(),
          d -> {
            if (received.incrementAndGet() == messages) {
              done.countDown();
            }
          });
      Publisher<byte[]> publisher = messaging.publisher("bench", byte[].class);
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        publisher.send(PAYLOAD);
      }
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + received.get() + " of " + messages + " arrived");
      }
      long nanos = System.nanoTime() - start;
      return messages / (nanos / 1e9);
    } finally {
      BrokerClient.removeBroker(broker);
    }
  }
}
