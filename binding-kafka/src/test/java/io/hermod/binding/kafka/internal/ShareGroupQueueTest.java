package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.kafka.KafkaBroker;
import io.hermod.spi.Binding;
import io.hermod.spi.Outbound;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.tck.Deadlines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queues on share groups (KIP-932): more consumers than partitions, broker-counted deliveries. */
class ShareGroupQueueTest {

  private static KafkaBroker broker;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private Binding shareBinding() {
    return SpiBindings.started(
        SpiBindings.context(
            Map.of(
                "bootstrap-servers", broker.bootstrapServers(),
                "queue-groups", "share",
                "partitions", "1")),
        resources);
  }

  private static void await(String what, BooleanSupplier condition) {
    Deadlines.await(what, condition);
  }

  private static void send(Outbound out, int from, int n) throws Exception {
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      batch.add(Message.builder(("m" + i).getBytes(StandardCharsets.UTF_8)).id("id-" + i).build());
    }
    for (CompletableFuture<Receipt> r : out.send(batch)) {
      r.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void consumersBeyondThePartitionCountAllGetWork() throws Exception {
    Binding b = shareBinding();
    ChannelSpec q = ChannelSpec.queue("share-" + UUID.randomUUID()).build();
    b.provision(q);
    send(b.outbound(q), 0, 20); // before any consumer: a queue keeps them
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    List<Set<String>> perConsumer = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      Set<String> mine = ConcurrentHashMap.newKeySet();
      perConsumer.add(mine);
      resources.add(
          b.inbound(
              q,
              new SubscriptionSpec("any", Filter.none(), 2, StartPosition.LATEST),
              d -> {
                seen.merge(d.message().id(), 1, Integer::sum);
                mine.add(d.message().id());
                d.ack();
              }));
    }
    send(b.outbound(q), 20, 280);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (seen.size() < 300 && System.nanoTime() < end) {
      Deadlines.pause(Duration.ofMillis(10)); // polling interval of a deadline wait
    }
    assertThat(seen.keySet())
        .as("ids seen, per consumer %s", perConsumer.stream().map(Set::size).toList())
        .hasSize(300);
    assertThat(seen.values()).allMatch(n -> n == 1);
    // One partition, yet more than one consumer got work: not capped by partitions.
    assertThat(perConsumer.stream().filter(s -> !s.isEmpty()).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void nackIsRedeliveredWithTheBrokersCount() throws Exception {
    Binding b = shareBinding();
    ChannelSpec q = ChannelSpec.queue("share-" + UUID.randomUUID()).build();
    b.provision(q);
    List<Integer> counts = new CopyOnWriteArrayList<>();
    resources.add(
        b.inbound(
            q,
            new SubscriptionSpec("any", Filter.none(), 4, StartPosition.LATEST),
            d -> {
              counts.add(d.deliveryCount());
              if (d.deliveryCount() < 3) {
                d.nack(Duration.ofMillis(50));
              } else {
                d.ack();
              }
            }));
    send(b.outbound(q), 0, 1);
    await("three deliveries", () -> counts.size() >= 3);
    assertThat(counts).startsWith(1, 2, 3);
  }
}
