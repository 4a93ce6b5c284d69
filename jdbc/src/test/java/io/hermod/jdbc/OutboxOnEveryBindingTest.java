package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox's first promise on every binding's real broker: a rolled-back transaction publishes
 * nothing, a committed one publishes exactly its rows, each with every attribute it was written
 * with.
 */
class OutboxOnEveryBindingTest {

  /** Generous: ElasticMQ and a freshly started Kafka are slow on a loaded 2-core machine. */
  private static final Duration DEADLINE = Duration.ofSeconds(90);

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

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"inmemory", "artemis", "sqs", "kafka"})
  @DisplayName("rollback publishes nothing; commit publishes exactly the committed rows, intact")
  void rollbackPublishesNothingCommitPublishesExactlyTheCommittedRows(String binding)
      throws Exception {
    BrokerFixture fixture = BROKERS.get(binding);
    String channel = "outbox-" + binding + "-" + UUID.randomUUID().toString().substring(0, 8);
    Outbox outbox =
        HermodJdbc.outbox(
            db.dataSource(),
            OutboxConfig.custom()
                .table(TestDatabase.table("outbox_" + binding))
                .pollInterval(Duration.ofMillis(50))
                .build());
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    try (Messaging messaging =
        Hermod.builder()
            .config(fixture.config())
            .declare(ChannelSpec.queue(channel).guarantee(DeliveryGuarantee.AT_LEAST_ONCE).build())
            .build()) {
      Map<String, Message<Order>> received = new ConcurrentHashMap<>();
      List<String> duplicates = new ArrayList<>();
      messaging.subscribe(
          channel,
          Order.class,
          d -> {
            if (received.putIfAbsent(d.message().id(), d.message()) != null) {
              synchronized (duplicates) {
                duplicates.add(d.message().id());
              }
            }
          });

      List<String> committed = new ArrayList<>();
      List<String> rolledBack = new ArrayList<>();
      Message<Order> full =
          Message.builder(new Order("alice", 1))
              .key("alice")
              .routingKey("orders.eu.created")
              .header("tenant", "acme")
              .header("note", "ünïcødé; with: colons")
              .correlationId("corr-1")
              .expiresAt(Instant.now().plusSeconds(3600))
              .build();
      Transactions.commit(db.dataSource(), c -> committed.add(orders.send(c, full)));
      for (int tx = 0; tx < 10; tx++) {
        int n = tx;
        List<String> ids = new ArrayList<>();
        Transactions.Work work =
            c -> {
              ids.add(orders.send(c, new Order("k" + n, 1)));
              ids.add(orders.send(c, Message.builder(new Order("k" + n, 2)).key("k" + n).build()));
            };
        if (tx % 2 == 0) {
          Transactions.commit(db.dataSource(), work);
          committed.addAll(ids);
        } else {
          Transactions.rollback(db.dataSource(), work);
          rolledBack.addAll(ids);
        }
      }
      assertThat(db.count("SELECT count(*) FROM " + outbox.config().table()))
          .as("rows in the outbox before any relay ran: the committed ones only")
          .isEqualTo(committed.size());

      try (OutboxRelay relay = outbox.startRelay(messaging)) {
        await()
            .atMost(DEADLINE)
            .untilAsserted(() -> assertThat(received.keySet()).hasSameSizeAs(committed));
        await()
            .atMost(DEADLINE)
            .untilAsserted(() -> assertThat(outbox.backlog().unsent()).isZero());
        assertThat(relay.published()).isEqualTo(committed.size());
      }
      assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(committed);
      assertThat(received.keySet()).doesNotContainAnyElementsOf(rolledBack);
      assertThat(duplicates).isEmpty();
      assertThat(db.count("SELECT count(*) FROM " + outbox.config().table()))
          .as("sent rows are deleted (retention zero)")
          .isZero();

      Message<Order> got = received.get(full.id());
      assertThat(got.payload()).isEqualTo(full.payload());
      assertThat(got.key()).isEqualTo("alice");
      assertThat(got.routingKey()).isEqualTo("orders.eu.created");
      assertThat(got.correlationId()).isEqualTo("corr-1");
      assertThat(got.headers())
          .containsEntry("tenant", "acme")
          .containsEntry("note", "ünïcødé; with: colons");
      assertThat(got.time()).isEqualTo(full.time());
      assertThat(got.expiresAt()).isEqualTo(full.expiresAt());
    }
  }
}
