package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sequence-gap trap: sequence numbers are handed out when a row is inserted, but rows become
 * visible when their transaction commits. A relay that remembered "published up to seq N" would
 * skip a row whose transaction took a lower number and committed after N was published.
 */
class SequenceGapTest {

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
  @DisplayName("a transaction that took its sequence number first and commits last is published")
  void aRowCommittedAfterALaterNumberWasPublishedIsStillPublished() throws Exception {
    BrokerFixture fixture = BROKERS.get("inmemory");
    String channel = "gap-" + UUID.randomUUID().toString().substring(0, 8);
    // One lane, so both rows are the same relay's and the later number surely goes out first;
    // kept rows, so the test can read their numbers and send times afterwards.
    Outbox outbox =
        HermodJdbc.outbox(
            db.dataSource(),
            OutboxConfig.custom()
                .table(TestDatabase.table("outbox_gap"))
                .lanes(1)
                .retention(Duration.ofHours(1))
                .pollInterval(Duration.ofMillis(20))
                .build());
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    Set<String> received = ConcurrentHashMap.newKeySet();
    try (Messaging messaging =
            Hermod.builder()
                .config(fixture.config())
                .declare(ChannelSpec.queue(channel).build())
                .build();
        OutboxRelay relay = outbox.startRelay(messaging)) {
      messaging.subscribe(channel, Order.class, d -> received.add(d.message().id()));

      try (Connection slow = db.dataSource().getConnection()) {
        slow.setAutoCommit(false);
        String early = orders.send(slow, new Order("slow", 1)); // takes the lower number
        String[] late = new String[1];
        Transactions.commit(db.dataSource(), c -> late[0] = orders.send(c, new Order("fast", 1)));

        await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(late[0]));
        assertThat(received).doesNotContain(early);

        slow.commit();
        await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(early));

        Row e = row(outbox, early);
        Row l = row(outbox, late[0]);
        assertThat(e.seq()).as("the early transaction's number").isLessThan(l.seq());
        assertThat(e.sentAt()).as("yet it was sent after the later number").isAfter(l.sentAt());
        assertThat(relay.published()).isEqualTo(2);
      }
    }
  }

  private record Row(long seq, OffsetDateTime sentAt) {}

  private static Row row(Outbox outbox, String id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, sent_at FROM " + outbox.config().table() + " WHERE message_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row of %s", id).isTrue();
        return new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class));
      }
    }
  }
}
