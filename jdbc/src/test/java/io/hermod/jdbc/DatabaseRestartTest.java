package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted while a writer commits and a relay publishes: the writer's failed commits
 * are its own to retry, the relay backs off and resumes on fresh connections, and every commit that
 * succeeded is published.
 */
class DatabaseRestartTest {

  private static final int COMMITS = 600;

  private static TestDatabase db;
  private static final Brokers BROKERS = new Brokers();

  @BeforeAll
  static void startDatabase() throws Exception {
    db = TestDatabase.startRestartable();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      BROKERS.stopAll();
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  @DisplayName("the database restarted under load: every successful commit is published, lost = 0")
  void everyCommitIsPublishedAcrossADatabaseRestart() throws Exception {
    Assumptions.assumeTrue(
        db != null, "HERMOD_JDBC_URL names a server this test cannot restart; unset it to run");
    BrokerFixture fixture = BROKERS.get("inmemory");
    String channel = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    Outbox outbox =
        HermodJdbc.outbox(
            db.dataSource(),
            OutboxConfig.custom()
                .table(TestDatabase.table("outbox_restart"))
                .pollInterval(Duration.ofMillis(50))
                .build());
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    Set<String> received = ConcurrentHashMap.newKeySet();
    Set<String> committed = ConcurrentHashMap.newKeySet();
    AtomicInteger failedCommits = new AtomicInteger();
    try (Messaging messaging =
            Hermod.builder()
                .config(fixture.config())
                .declare(ChannelSpec.queue(channel).build())
                .build();
        OutboxRelay relay = outbox.startRelay(messaging)) {
      messaging.subscribe(channel, Order.class, d -> received.add(d.message().id()));
      ExecutorService writer = Executors.newSingleThreadExecutor();
      try {
        Future<?> writing =
            writer.submit(
                () -> {
                  int n = 0;
                  while (committed.size() < COMMITS) {
                    try (Connection c = db.dataSource().getConnection()) {
                      c.setAutoCommit(false);
                      String id = orders.send(c, new Order("k" + (n % 5), n++));
                      c.commit();
                      committed.add(id);
                    } catch (SQLException e) {
                      // Down, or in doubt: not counted as committed; a service would retry.
                      failedCommits.incrementAndGet();
                      LockSupport.parkNanos(50_000_000L);
                    }
                  }
                  return null;
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> committed.size() >= COMMITS / 4);
        db.stopServer();
        await().atMost(Duration.ofSeconds(30)).until(() -> failedCommits.get() >= 5);
        db.startAgain();
        writing.get();
      } finally {
        writer.shutdownNow();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(received).containsAll(committed));
      assertThat(relay.published()).isGreaterThanOrEqualTo(COMMITS);
    }
    Set<String> lost = new HashSet<>(committed);
    lost.removeAll(received);
    assertThat(lost).as("lost").isEmpty();
    assertThat(failedCommits.get()).as("the restart was felt by the writer").isPositive();
  }
}
