package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Delivery;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.MessageHandler;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The inbox on an at-least-once channel: the handler's write and the processed id commit together,
 * so a duplicate is acknowledged without running the handler and a failure undoes both.
 */
class InboxTest {

  private static TestDatabase db;
  private static final Brokers BROKERS = new Brokers();

  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger settled = new AtomicInteger();
  private String channel;
  private String orders;
  private String inboxTable;

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

  @BeforeEach
  void tables() throws Exception {
    channel = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
    orders = TestDatabase.table("orders");
    inboxTable = TestDatabase.table("inbox");
    db.execute("CREATE TABLE " + orders + " (message_id TEXT NOT NULL, attempt INTEGER NOT NULL)");
  }

  @Test
  @DisplayName("the same delivery twice runs the handler once; the duplicate is acknowledged")
  void aDuplicateIsAcknowledgedWithoutRunningTheHandler() throws Exception {
    Inbox inbox = HermodJdbc.inbox(db.dataSource(), InboxConfig.custom().table(inboxTable).build());
    try (Messaging messaging = messaging()) {
      messaging.subscribe(channel, Order.class, counted(inbox.handler("billing", this::record)));
      Publisher<Order> p = messaging.publisher(channel, Order.class);
      Message<Order> m = Message.of(new Order("alice", 1));
      p.send(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
      p.send(m).toCompletableFuture().get(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(30)).until(() -> settled.get() == 2);
      assertThat(runs).hasValue(1);
      assertThat(db.count("SELECT count(*) FROM " + orders)).isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM " + inboxTable)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "a failing handler rolls back its own write and the inbox row together; the redelivery runs")
  void aFailureRollsBackTheWriteAndTheInboxRowAndTheMessageIsRedelivered() throws Exception {
    Inbox inbox = HermodJdbc.inbox(db.dataSource(), InboxConfig.custom().table(inboxTable).build());
    try (Messaging messaging = messaging()) {
      messaging.subscribe(
          channel,
          Order.class,
          counted(
              inbox.handler(
                  "billing",
                  (c, d) -> {
                    record(c, d);
                    if (d.attempt() == 1) {
                      throw new IllegalStateException("the first attempt fails after its write");
                    }
                  })));
      messaging
          .publisher(channel, Order.class)
          .send(new Order("bob", 1))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(30)).until(() -> settled.get() == 1);
      assertThat(runs).as("the redelivery ran the handler: no inbox row was left").hasValue(2);
      assertThat(db.count("SELECT count(*) FROM " + orders + " WHERE attempt = 1"))
          .as("the failed attempt's write")
          .isZero();
      assertThat(db.count("SELECT count(*) FROM " + orders + " WHERE attempt = 2")).isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM " + inboxTable)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("processed ids expire after the retention window; then the id runs again")
  void processedIdsExpireAfterTheWindow() throws Exception {
    Inbox inbox =
        HermodJdbc.inbox(
            db.dataSource(),
            InboxConfig.custom().table(inboxTable).retention(Duration.ofMillis(300)).build());
    try (Messaging messaging = messaging()) {
      messaging.subscribe(channel, Order.class, counted(inbox.handler("billing", this::record)));
      Publisher<Order> p = messaging.publisher(channel, Order.class);
      Message<Order> m = Message.of(new Order("carol", 1));
      p.send(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> settled.get() == 1);
      assertThat(inbox.purgeExpired()).as("not yet expired").isZero();

      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.purgeExpired() == 1);
      assertThat(db.count("SELECT count(*) FROM " + inboxTable)).isZero();
      p.send(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> settled.get() == 2);
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  @DisplayName(
      "two deliveries of one message at once: the second waits for the first's transaction, then"
          + " is acknowledged without running the handler")
  void concurrentDuplicatesRunTheHandlerOnce() throws Exception {
    Inbox inbox = HermodJdbc.inbox(db.dataSource(), InboxConfig.custom().table(inboxTable).build());
    CountDownLatch firstInside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MessageHandler<Order> handler =
        inbox.handler(
            "billing",
            (c, d) -> {
              record(c, d);
              firstInside.countDown();
              assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            });
    Message<Order> m = Message.of(new Order("dave", 1));
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = two.submit(handling(handler, new TestDelivery(m, 1)));
      assertThat(firstInside.await(30, TimeUnit.SECONDS)).isTrue();
      Future<?> second = two.submit(handling(handler, new TestDelivery(m, 2)));
      // The second delivery's insert waits on the first's uncommitted inbox row.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count(
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                              + " AND query LIKE 'INSERT INTO "
                              + inboxTable
                              + "%'")
                      == 1);
      assertThat(second).isNotDone();
      release.countDown();
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      two.shutdownNow();
    }
    assertThat(runs).hasValue(1);
    assertThat(db.count("SELECT count(*) FROM " + orders)).isEqualTo(1);
  }

  private static Callable<Void> handling(MessageHandler<Order> handler, Delivery<Order> d) {
    return () -> {
      handler.handle(d);
      return null;
    };
  }

  /** A delivery handed to the wrapped handler directly, as core hands it one. */
  private record TestDelivery(Message<Order> message, int attempt) implements Delivery<Order> {
    @Override
    public String channel() {
      return "billing-channel";
    }

    @Override
    public String subscription() {
      return "billing";
    }
  }

  private Messaging messaging() throws Exception {
    BrokerFixture fixture = BROKERS.get("inmemory");
    return Hermod.builder()
        .config(fixture.config())
        .declare(
            ChannelSpec.queue(channel)
                .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .maxDeliveryAttempts(3)
                .backoff(Backoff.fixed(Duration.ofMillis(50)))
                .build())
        .build();
  }

  private void record(Connection c, Delivery<Order> d) throws Exception {
    runs.incrementAndGet();
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + orders + " (message_id, attempt) VALUES (?, ?)")) {
      ps.setString(1, d.message().id());
      ps.setInt(2, d.attempt());
      ps.executeUpdate();
    }
  }

  /** Counts deliveries the inbox handler returned from (acknowledged), duplicates included. */
  private MessageHandler<Order> counted(MessageHandler<Order> h) {
    return d -> {
      h.handle(d);
      settled.incrementAndGet();
    };
  }
}
