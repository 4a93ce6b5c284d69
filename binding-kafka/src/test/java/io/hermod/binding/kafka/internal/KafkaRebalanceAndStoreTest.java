package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.kafka.KafkaBroker;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.tck.Deadlines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instances of a subscription leaving, joining and restarting, through the SPI against the real
 * broker: commits survive rebalances and closes, released deliveries come back in place, and the
 * processed-id store remembers across instances. Each "instance" is a binding of its own, as in a
 * separate process.
 */
class KafkaRebalanceAndStoreTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
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

  private Binding binding() {
    return SpiBindings.started(
        SpiBindings.context(Map.of("bootstrap-servers", broker.bootstrapServers())), resources);
  }

  private static String name(String what) {
    return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static SubscriptionSpec sub(int prefetch) {
    return new SubscriptionSpec("s", Filter.none(), prefetch, StartPosition.LATEST);
  }

  private static void await(String what, BooleanSupplier condition) {
    Deadlines.await(what, DEADLINE, condition, () -> "condition still false");
  }

  private static void await(
      String what, BooleanSupplier condition, java.util.function.Supplier<String> detail) {
    Deadlines.await(what, DEADLINE, condition, detail);
  }

  /** Sends ids {@code from..to-1}; every tenth without a key, the others over 16 keys. */
  private static void send(Binding b, ChannelSpec channel, int from, int to) throws Exception {
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Message.Builder<byte[]> m =
          Message.builder(("p" + i).getBytes(StandardCharsets.UTF_8)).id("id-" + i);
      if (i % 10 != 0) {
        m.key("key-" + (i % 16));
      }
      batch.add(m.build());
    }
    for (CompletableFuture<Receipt> r : b.outbound(channel).send(batch)) {
      r.get(30, TimeUnit.SECONDS);
    }
  }

  private static int duplicates(Map<String, AtomicInteger> counts) {
    return counts.values().stream().mapToInt(c -> c.get() - 1).sum();
  }

  @Test
  void consumersClosedMidStreamWhileOthersJoinLeaveNothingToBeHandledTwice() throws Exception {
    // At-least-once queue: the only protection against duplicates here is the offset commit.
    Binding producer = binding();
    ChannelSpec q = ChannelSpec.queue(name("leave")).build();
    producer.provision(q);
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    InboundHandlerCounting counting = new InboundHandlerCounting(handled);
    Inbound current = binding().inbound(q, sub(64), counting);
    int total = 3000;
    int sent = 0;
    for (int round = 0; round < 5; round++) {
      send(producer, q, sent, sent + 300);
      sent += 300;
      int target = sent;
      await(target + " handled", () -> handled.size() == target);
      // Keep records flowing while the group changes: the next instance joins, and the current
      // one is closed as soon as the join returns, in the middle of the rebalance.
      CompletableFuture<Void> stream =
          CompletableFuture.runAsync(() -> sendQuietly(producer, q, target, target + 300));
      Inbound next = binding().inbound(q, sub(64), counting);
      current.close();
      current = next;
      stream.get(60, TimeUnit.SECONDS);
      sent += 300;
    }
    int expected = sent;
    await("all " + expected + " handled", () -> handled.size() == expected);
    resources.add(current);
    assertThat(sent).isEqualTo(total);
    assertThat(handled).hasSize(total);
    assertThat(duplicates(handled)).as("records handled twice").isZero();
  }

  private static void sendQuietly(Binding b, ChannelSpec q, int from, int to) {
    try {
      send(b, q, from, to);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Acks at once, on the delivery thread, counting every delivery of each id. */
  private record InboundHandlerCounting(Map<String, AtomicInteger> handled)
      implements io.hermod.spi.InboundHandler {
    @Override
    public void onDelivery(InboundDelivery d) {
      handled.computeIfAbsent(d.message().id(), k -> new AtomicInteger()).incrementAndGet();
      d.ack();
    }
  }

  @Test
  void releasedDeliveriesComeBackInPlaceWithoutCopies() throws Exception {
    Binding b = binding();
    ChannelSpec q =
        ChannelSpec.queue(name("release")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    b.provision(q);
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(Message.builder(new byte[] {(byte) i}).id("id-" + i).key("one-key").build());
    }
    for (CompletableFuture<Receipt> r : b.outbound(q).send(batch)) {
      r.get(30, TimeUnit.SECONDS);
    }
    List<InboundDelivery> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    Inbound first = b.inbound(q, sub(10), held::add);
    await("prefetch of 10", () -> held.size() == 10);
    for (int i = 0; i < 10; i++) {
      if (i < 3) {
        held.get(i).ack();
      } else {
        held.get(i).release();
      }
    }
    // A window in which a nack-style redelivery copy would be appended before the close.
    Deadlines.pause(Duration.ofMillis(500));
    first.close();

    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Integer> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
    resources.add(
        binding()
            .inbound(
                q,
                sub(50),
                d -> {
                  order.add(d.message().id());
                  counts.add(d.deliveryCount());
                  d.ack();
                }));
    await("17 on the next owner", () -> order.size() >= 17);
    List<String> expected = new ArrayList<>();
    for (int i = 3; i < 20; i++) {
      expected.add("id-" + i);
    }
    // In place: the released ones first, in their order, then the rest; no copy at the tail.
    assertThat(order).containsExactlyElementsOf(expected);
    assertThat(counts).allMatch(c -> c == 1);
  }

  /** One instance of an exactly-once subscription, doing what core does with the store. */
  private final class Instance implements AutoCloseable {
    final Binding binding = binding();
    final ProcessedIdStore store;
    final Inbound inbound;
    final ExecutorService workers = Executors.newFixedThreadPool(4);
    final Map<String, AtomicInteger> handled;
    final AtomicInteger skipped;
    final AtomicInteger mine = new AtomicInteger();
    final AtomicInteger recording = new AtomicInteger();

    Instance(ChannelSpec q, Map<String, AtomicInteger> handled, AtomicInteger skipped) {
      this.handled = handled;
      this.skipped = skipped;
      store = binding.processedIdStore(q, sub(64)).orElseThrow();
      inbound =
          binding.inbound(
              q,
              sub(64),
              d ->
                  workers.execute(
                      () -> {
                        if (store.isProcessed(d)) {
                          skipped.incrementAndGet();
                          d.ack();
                          return;
                        }
                        handled
                            .computeIfAbsent(d.message().id(), k -> new AtomicInteger())
                            .incrementAndGet();
                        mine.incrementAndGet();
                        recording.incrementAndGet();
                        store
                            .record(d)
                            .whenComplete(
                                (ok, error) -> {
                                  d.ack();
                                  recording.decrementAndGet();
                                });
                      }));
      resources.add(this);
    }

    @Override
    public void close() throws Exception {
      // Core's order: handlers finish, then the endpoint, then its store.
      workers.shutdown();
      workers.awaitTermination(30, TimeUnit.SECONDS);
      await("records of the closing instance", () -> recording.get() == 0);
      inbound.close();
      store.close();
      binding.close();
    }
  }

  @Test
  void aNewInstanceAfterACleanCloseDoesNotHandleResentIdsAgain() throws Exception {
    Binding producer = binding();
    ChannelSpec q =
        ChannelSpec.queue(name("restart")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    producer.provision(q);
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    AtomicInteger skipped = new AtomicInteger();
    Instance first = new Instance(q, handled, skipped);
    send(producer, q, 0, 2000);
    await("2000 handled", () -> handled.size() == 2000);
    first.close();

    new Instance(q, handled, skipped);
    send(producer, q, 0, 2000); // the producer resends every id
    // At least: a record redelivered after the close (none is expected) would be skipped too.
    await(
        "2000 resends seen",
        () -> skipped.get() >= 2000,
        () -> "skipped " + skipped.get() + ", handled again " + duplicates(handled));
    assertThat(duplicates(handled)).as("ids handled again").isZero();
  }

  @Test
  void aPartitionMovingBetweenInstancesKeepsItsMemory() throws Exception {
    Binding producer = binding();
    ChannelSpec q =
        ChannelSpec.queue(name("move")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    producer.provision(q);
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    AtomicInteger skipped = new AtomicInteger();
    Instance a = new Instance(q, handled, skipped);
    Instance b = new Instance(q, handled, skipped);
    String group = ((KafkaBinding) producer).groupId(q, sub(64));
    awaitMembersWithPartitions(group, 2);

    send(producer, q, 0, 1000);
    await("1000 handled", () -> handled.size() == 1000);
    assertThat(a.mine.get()).as("handled by a").isPositive();
    assertThat(b.mine.get()).as("handled by b").isPositive();

    // b leaves: its partitions move to a, which must see what b recorded.
    b.close();
    awaitMembersWithPartitions(group, 1);
    send(producer, q, 0, 1000);
    await("1000 resends seen by a", () -> skipped.get() >= 1000);
    assertThat(duplicates(handled)).as("ids handled again after b left").isZero();

    // a new instance joins: partitions move away from a to it, and it must see a's records.
    Instance c = new Instance(q, handled, skipped);
    awaitMembersWithPartitions(group, 2);
    int before = skipped.get();
    send(producer, q, 0, 1000);
    await("1000 more resends seen", () -> skipped.get() >= before + 1000);
    assertThat(c.mine.get()).isZero();
    assertThat(duplicates(handled)).as("ids handled again after c joined").isZero();
  }

  private static void awaitMembersWithPartitions(String group, int members) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      await(
          members + " members of " + group + " with partitions",
          () -> {
            try {
              ConsumerGroupDescription d =
                  admin
                      .describeConsumerGroups(List.of(group))
                      .all()
                      .get(10, TimeUnit.SECONDS)
                      .get(group);
              return d.members().size() == members
                  && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                  && d.groupState() == org.apache.kafka.common.GroupState.STABLE;
            } catch (Exception e) {
              return false;
            }
          });
    }
  }
}
