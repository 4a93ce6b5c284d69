package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.BrokerFixture;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A relay killed with SIGKILL in the middle of its work (a child JVM on Artemis, reached over the
 * network): its lanes stay leased to the dead relay until the lease runs out, then another relay
 * takes them over and publishes everything left. Nothing is lost; rows published but not yet
 * deleted when it died are published again (at-least-once: the count is reported).
 */
class RelayCrashTest {

  private static final int MESSAGES = 3_000;
  private static final Duration LEASE = Duration.ofSeconds(3);

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
      "a relay killed with kill -9 mid-batch: another takes over when its lease ends, lost = 0")
  void aKilledRelaysLanesPassToAnotherAndNothingIsLost() throws Exception {
    BrokerFixture fixture = BROKERS.get("artemis");
    String channel = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    String table = TestDatabase.table("outbox_crash");
    OutboxConfig config =
        OutboxConfig.custom()
            .table(table)
            .lease(LEASE)
            .sendTimeout(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(20))
            .build();
    Outbox outbox = HermodJdbc.outbox(db.dataSource(), config);
    OutboxPublisher<Order> orders = outbox.publisher(channel, Order.class);
    List<String> written = new ArrayList<>();
    for (int tx = 0; tx < MESSAGES / 100; tx++) {
      Transactions.commit(
          db.dataSource(),
          c -> {
            for (int i = 0; i < 100; i++) {
              written.add(orders.send(c, new Order("k" + (i % 10), i)));
            }
          });
    }

    Set<String> received = ConcurrentHashMap.newKeySet();
    AtomicInteger deliveries = new AtomicInteger();
    Path dir = Files.createTempDirectory("hermod-jdbc-child-");
    Process child = null;
    try (Messaging messaging =
        Hermod.builder()
            .config(fixture.config())
            .declare(ChannelSpec.queue(channel).build())
            .build()) {
      messaging.subscribe(
          channel,
          Order.class,
          d -> {
            received.add(d.message().id());
            deliveries.incrementAndGet();
          });
      child = startChild(dir, fixture, table, channel);
      Path ready = dir.resolve("ready");
      Process running = child;
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(ready) || !running.isAlive());
      if (!child.isAlive()) {
        throw new AssertionError(
            "the child relay exited: " + Files.readString(dir.resolve("child.log")));
      }
      // Mid-stream: some published, most not.
      await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 300);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child gone after kill -9").isTrue();
      long unsentAtKill = outbox.backlog().unsent();
      assertThat(unsentAtKill).as("rows left when the relay died").isPositive();
      assertThat(db.count("SELECT count(*) FROM " + table + "_lane WHERE owner IS NOT NULL"))
          .as("lanes still leased to the dead relay")
          .isEqualTo(config.lanes());

      long killedAt = System.nanoTime();
      try (OutboxRelay takeover = outbox.startRelay(messaging)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(outbox.backlog().unsent()).isZero());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertThat(tookMillis)
            .as("takeover waited for the dead relay's lease")
            .isGreaterThan(LEASE.toMillis() / 2);
        assertThat(takeover.published()).isPositive();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(received).hasSize(MESSAGES));
    } finally {
      if (child != null) {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
      }
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Set<String> lost = new HashSet<>(written);
    lost.removeAll(received);
    assertThat(lost).as("lost").isEmpty();
    System.out.println(
        "RelayCrashTest: published again after the kill (at-least-once duplicates): "
            + (deliveries.get() - received.size()));
  }

  private static Process startChild(Path dir, BrokerFixture fixture, String table, String channel)
      throws Exception {
    Properties p = new Properties();
    p.putAll(fixture.config());
    p.setProperty(ChildRelay.URL, db.url());
    p.setProperty(ChildRelay.TABLE, table);
    p.setProperty(ChildRelay.CHANNEL, channel);
    p.setProperty(ChildRelay.LEASE_MILLIS, Long.toString(LEASE.toMillis()));
    p.setProperty(ChildRelay.BATCH, "50");
    p.setProperty(ChildRelay.READY_FILE, dir.resolve("ready").toString());
    p.setProperty(ChildRelay.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
    Path file = dir.resolve("child.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "RelayCrashTest's child relay");
    }
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            ChildRelay.class.getName(),
            file.toString());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }
}
