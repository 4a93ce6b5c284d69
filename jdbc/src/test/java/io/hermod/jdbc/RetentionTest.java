package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retention of sent rows: kept, marked sent, for the window; then purged. */
class RetentionTest {

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
  @DisplayName("with a retention, sent rows are kept and marked, then purged once it has passed")
  void sentRowsAreKeptForTheRetentionThenPurged() throws Exception {
    BrokerFixture fixture = BROKERS.get("inmemory");
    String channel = "retention-" + UUID.randomUUID().toString().substring(0, 8);
    Outbox outbox =
        HermodJdbc.outbox(
            db.dataSource(),
            OutboxConfig.custom()
                .table(TestDatabase.table("outbox_retention"))
                .retention(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(20))
                .build());
    String table = outbox.config().table();
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    Set<String> received = ConcurrentHashMap.newKeySet();
    try (Messaging messaging =
            Hermod.builder()
                .config(fixture.config())
                .declare(ChannelSpec.queue(channel).build())
                .build();
        OutboxRelay relay = outbox.startRelay(messaging)) {
      messaging.subscribe(channel, Order.class, d -> received.add(d.message().id()));
      Transactions.commit(
          db.dataSource(),
          c -> {
            for (int i = 0; i < 5; i++) {
              orders.send(c, new Order("k", i));
            }
          });
      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 5);
      await().atMost(Duration.ofSeconds(30)).until(() -> outbox.backlog().unsent() == 0);
      assertThat(db.count("SELECT count(*) FROM " + table + " WHERE sent_at IS NOT NULL"))
          .isEqualTo(5);
      assertThat(outbox.purgeSent()).as("within the retention").isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> outbox.purgeSent() == 5);
      assertThat(db.count("SELECT count(*) FROM " + table)).isZero();
      assertThat(relay.published()).isEqualTo(5);
    }
  }
}
