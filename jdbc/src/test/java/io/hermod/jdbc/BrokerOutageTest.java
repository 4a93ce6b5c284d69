package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The point of an outbox: the service keeps committing while the broker is down. The rows wait, the
 * relay keeps trying, and once the broker is back every row is published.
 */
class BrokerOutageTest {

  private static final int MESSAGES = 500;

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
      "broker down while the outbox fills: rows wait, then drain when it is back, lost = 0")
  void rowsWaitWhileTheBrokerIsDownAndDrainWhenItIsBack() throws Exception {
    BrokerFixture fixture = BROKERS.get("inmemory");
    String channel = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    Outbox outbox =
        HermodJdbc.outbox(
            db.dataSource(),
            OutboxConfig.custom()
                .table(TestDatabase.table("outbox_outage"))
                .pollInterval(Duration.ofMillis(100))
                .lease(Duration.ofSeconds(5))
                .sendTimeout(Duration.ofSeconds(1))
                .build());
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    Set<String> received = ConcurrentHashMap.newKeySet();
    Set<String> written = new HashSet<>();
    try (Messaging messaging =
        Hermod.builder()
            .config(fixture.config())
            .declare(ChannelSpec.queue(channel).build())
            .build()) {
      messaging.subscribe(channel, Order.class, d -> received.add(d.message().id()));
      fixture.stopBroker();
      try (OutboxRelay relay = outbox.startRelay(messaging)) {
        for (int tx = 0; tx < MESSAGES / 50; tx++) {
          Transactions.commit(
              db.dataSource(),
              c -> {
                for (int i = 0; i < 50; i++) {
                  written.add(orders.send(c, new Order("k" + (i % 7), i)));
                }
              });
        }
        // The relay has tried and failed: attempts are counted on the rows, none was published.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    db.count(
                            "SELECT count(*) FROM "
                                + outbox.config().table()
                                + " WHERE attempts > 0 AND last_error IS NOT NULL")
                        > 0);
        OutboxBacklog during = outbox.backlog();
        assertThat(during.unsent()).isEqualTo(MESSAGES);
        assertThat(during.oldestUnsentAge()).isPositive();
        assertThat(received).isEmpty();

        fixture.startBroker();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(received).hasSize(MESSAGES));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(outbox.backlog().unsent()).isZero());
        assertThat(relay.published()).isGreaterThanOrEqualTo(MESSAGES);
      }
    }
    Set<String> lost = new HashSet<>(written);
    lost.removeAll(received);
    assertThat(lost).as("lost").isEmpty();
    assertThat(outbox.backlog()).isEqualTo(new OutboxBacklog(0, Duration.ZERO));
  }
}
