package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several relays on one outbox, as several application instances run them: every committed row is
 * published, by exactly one relay, and each key's messages arrive in the order they were written —
 * also while lanes pass from one relay to the other when the second joins mid-stream.
 */
class RelayConcurrencyTest {

  private static final int WRITERS = 8;
  private static final int PER_WRITER = 1_250;
  private static final int KEYS_PER_WRITER = 5;
  private static final int PER_TRANSACTION = 10;

  private static TestDatabase db;
  private static final Brokers BROKERS = new Brokers();

  @BeforeAll
  static void startDatabase() throws Exception {
    db = TestDatabase.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      BROKERS.stopAll();
    } finally {
      db.close();
    }
  }

  @Test
  @DisplayName(
      "two relays, 10,000 messages from 8 writer threads: none lost, none published twice, per-key"
          + " order kept")
  void twoRelaysShareTheOutboxWithoutLossDoublePublishingOrReordering() throws Exception {
    BrokerFixture fixture = BROKERS.get("inmemory");
    String channel = "relays-" + UUID.randomUUID().toString().substring(0, 8);
    ChannelSpec spec = ChannelSpec.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    OutboxConfig config =
        OutboxConfig.custom()
            .table(TestDatabase.table("outbox_relays"))
            .pollInterval(Duration.ofMillis(20))
            .lease(Duration.ofSeconds(10))
            .sendTimeout(Duration.ofSeconds(3))
            .build();
    Outbox outbox = HermodJdbc.outbox(db.dataSource(), config);
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);

    Map<String, List<Integer>> seqsByKey = new ConcurrentHashMap<>();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    int total = WRITERS * PER_WRITER;
    // Two application instances relay; a third consumes. Separate facades, as separate processes.
    try (Messaging consumer = Hermod.builder().config(fixture.config()).declare(spec).build();
        Messaging instanceA = Hermod.builder().config(fixture.config()).declare(spec).build();
        Messaging instanceB = Hermod.builder().config(fixture.config()).declare(spec).build()) {
      consumer.subscribe(
          channel,
          Order.class,
          d -> {
            ids.add(d.message().id());
            seqsByKey
                .computeIfAbsent(d.payload().key(), k -> new ArrayList<>())
                .add(d.payload().seq());
          });
      // A relays from the start; B joins mid-stream, so lanes change hands under load.
      CountDownLatch secondHalf = new CountDownLatch(1);
      try (OutboxRelay a = outbox.startRelay(instanceA)) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(writers.submit(() -> write(orders, writer, secondHalf)));
          }
          await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() >= total / 10);
          try (OutboxRelay b = outbox.startRelay(instanceB)) {
            // The writers' second half waits until B holds lanes, so B surely has work.
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () ->
                        db.count(
                                "SELECT count(*) FROM "
                                    + config.table()
                                    + "_lane WHERE owner = '"
                                    + b.id()
                                    + "'")
                            > 0);
            secondHalf.countDown();
            for (Future<?> f : done) {
              f.get();
            }
            await()
                .atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(ids).hasSize(total));
            await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(outbox.backlog().unsent()).isZero());

            assertThat(a.published() + b.published())
                .as("rows published with a receipt by the two relays together: each exactly once")
                .isEqualTo(total);
            assertThat(a.published()).as("relay A took a share").isPositive();
            assertThat(b.published()).as("relay B, joining late, took a share").isPositive();
          }
        } finally {
          secondHalf.countDown();
          writers.shutdownNow();
        }
      }
    }
    assertThat(seqsByKey).hasSize(WRITERS * KEYS_PER_WRITER);
    int perKey = PER_WRITER / KEYS_PER_WRITER;
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= perKey; i++) {
      expected.add(i);
    }
    seqsByKey.forEach(
        (key, seqs) ->
            assertThat(seqs).as("order of key %s", key).containsExactlyElementsOf(expected));
  }

  /**
   * One writer thread: its own keys, numbered in the order written, 10 per transaction; the second
   * half of its messages once {@code secondHalf} opens.
   */
  private static Void write(OutboxPublisher<Order> orders, int writer, CountDownLatch secondHalf)
      throws Exception {
    int[] next = new int[KEYS_PER_WRITER];
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < PER_WRITER; i++) {
        if (i == PER_WRITER / 2 && !secondHalf.await(60, TimeUnit.SECONDS)) {
          throw new AssertionError("relay B never took lanes");
        }
        int k = i % KEYS_PER_WRITER;
        String key = "w" + writer + "-" + k;
        orders.send(c, Message.builder(new Order(key, ++next[k])).key(key).build());
        if ((i + 1) % PER_TRANSACTION == 0) {
          c.commit();
        }
      }
      c.commit();
    }
    return null;
  }
}
