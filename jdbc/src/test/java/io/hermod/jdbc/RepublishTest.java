package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A relay that published a row and died before deleting it leaves the row unsent: the next relay
 * publishes it again, with the same message id. What consumers see then depends on the channel's
 * guarantee, and the README says so: exactly-once channels drop the second copy, at-least-once
 * channels deliver it.
 */
class RepublishTest {

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

  @ParameterizedTest(name = "{0}")
  @EnumSource(DeliveryGuarantee.class)
  @DisplayName(
      "a row published again after a lost confirmation keeps its id: deduplicated on"
          + " EXACTLY_ONCE, delivered twice on AT_LEAST_ONCE")
  void aRepublishedRowKeepsItsId(DeliveryGuarantee guarantee) throws Exception {
    BrokerFixture fixture = BROKERS.get("inmemory");
    String channel = "again-" + UUID.randomUUID().toString().substring(0, 8);
    Outbox outbox =
        HermodJdbc.outbox(
            db.dataSource(),
            OutboxConfig.custom()
                .table(TestDatabase.table("outbox_again"))
                .retention(Duration.ofHours(1))
                .pollInterval(Duration.ofMillis(20))
                .build());
    String table = outbox.config().table();
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    List<String> deliveries = new CopyOnWriteArrayList<>();
    try (Messaging messaging =
            Hermod.builder()
                .config(fixture.config())
                .declare(ChannelSpec.queue(channel).guarantee(guarantee).build())
                .build();
        OutboxRelay relay = outbox.startRelay(messaging)) {
      messaging.subscribe(channel, Order.class, d -> deliveries.add(d.message().id()));
      String[] id = new String[1];
      String[] marker = new String[1];
      Transactions.commit(db.dataSource(), c -> id[0] = orders.send(c, new Order("k", 1)));
      await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.contains(id[0]));
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() == 1);

      // What a relay dying between the receipt and the delete leaves behind: the row unsent.
      db.execute("UPDATE " + table + " SET sent_at = NULL");
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() == 2);
      if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
        await().atMost(Duration.ofSeconds(30)).until(() -> copies(deliveries, id[0]) == 2);
      } else {
        // A later message on the same key of the ordered channel: once it is delivered, the copy
        // before it has been dropped (or delivered, which fails the test).
        Transactions.commit(db.dataSource(), c -> marker[0] = orders.send(c, new Order("k", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.contains(marker[0]));
        assertThat(copies(deliveries, id[0])).isEqualTo(1);
      }
    }
  }

  private static long copies(List<String> deliveries, String id) {
    return deliveries.stream().filter(id::equals).count();
  }
}
