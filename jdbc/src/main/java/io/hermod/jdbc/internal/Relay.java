package io.hermod.jdbc.internal;

import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.SendResult;
import io.hermod.jdbc.OutboxConfig;
import io.hermod.jdbc.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's thread. Each round: refresh the lane leases, read up to a batch of unsent rows of its
 * lanes in sequence order, publish them (one {@code sendAll} per channel, so a key's messages go
 * out in order), wait for the receipts, then delete the rows that have one — or mark them sent when
 * sent rows are kept — and count an attempt with the error on the others, which stay for the next
 * round. A crash anywhere in between leaves the rows unsent: they are published again (same message
 * id) by whichever relay holds the lane next.
 */
final class Relay implements OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** The longest wait between rounds while they fail (broker or database down). */
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String id =
      "relay-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  private final DataSource dataSource;
  private final OutboxConfig config;
  private final OutboxStore store;
  private final Messaging messaging;
  private final LaneLeases leases;
  private final Map<String, Publisher<byte[]>> publishers = new HashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread thread;
  private long nextPurgeNanos = System.nanoTime();

  /** Rounds failed in a row: they back off and are logged once, not once per round. */
  private int failedRounds;

  private @Nullable String lastFailure;

  private Relay(
      DataSource dataSource, OutboxConfig config, OutboxStore store, Messaging messaging) {
    this.dataSource = dataSource;
    this.config = config;
    this.store = store;
    this.messaging = messaging;
    this.leases = new LaneLeases(config.table(), id, config.lanes(), config.lease());
    this.thread = new Thread(this::run, "hermod-outbox-" + id);
    this.thread.setDaemon(true);
  }

  static Relay start(
      DataSource dataSource, OutboxConfig config, OutboxStore store, Messaging messaging) {
    Relay relay = new Relay(dataSource, config, store, messaging);
    relay.thread.start();
    return relay;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public long published() {
    return published.get();
  }

  @Override
  public void close() {
    if (closing.getCount() == 0) {
      return;
    }
    closing.countDown();
    try {
      thread.join(config.sendTimeout().toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection c = dataSource.getConnection()) {
      leases.leave(c);
    } catch (SQLException e) {
      LOG.warn(
          "outbox relay {} could not release its lanes; they pass on when its lease ends", id, e);
    }
  }

  private void run() {
    while (closing.getCount() > 0) {
      boolean more = false;
      lastFailure = null;
      try {
        more = round();
      } catch (SQLException | RuntimeException e) {
        lastFailure = "the database: " + e;
      }
      if (lastFailure == null) {
        recovered();
      } else {
        failed(lastFailure);
        more = false;
      }
      if (!more && idle()) {
        return;
      }
    }
  }

  private void failed(String failure) {
    if (failedRounds++ == 0) {
      LOG.warn(
          "outbox relay {} on {}: rows stay unsent and are retried, backing off up to {} s: {}",
          id,
          config.table(),
          TimeUnit.NANOSECONDS.toSeconds(MAX_BACKOFF_NANOS),
          failure);
    } else {
      LOG.debug("outbox relay {}: round {} failed: {}", id, failedRounds, failure);
    }
  }

  private void recovered() {
    if (failedRounds > 0) {
      LOG.info(
          "outbox relay {} on {}: publishing again after {} failed rounds",
          id,
          config.table(),
          failedRounds);
      failedRounds = 0;
    }
  }

  /**
   * Waits one poll interval, doubled for each failed round up to {@link #MAX_BACKOFF_NANOS}, so a
   * broker or database outage is not hammered; {@code true} when the relay is closing.
   */
  private boolean idle() {
    long wait = config.pollInterval().toNanos();
    for (int i = 0; i < Math.min(failedRounds, 20) && wait < MAX_BACKOFF_NANOS; i++) {
      wait *= 2;
    }
    wait = Math.max(config.pollInterval().toNanos(), Math.min(wait, MAX_BACKOFF_NANOS));
    try {
      return closing.await(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** One round; {@code true} when a full batch was published and more may be waiting. */
  private boolean round() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      List<Integer> lanes = leases.refresh(c);
      purgeWhenDue(c);
      if (lanes.isEmpty()) {
        return false;
      }
      // Publish only while the lease outlasts the longest wait for receipts: past it another
      // relay may hold the lane, and the two would publish the same rows at once.
      long deadline = System.nanoTime() + config.sendTimeout().toNanos();
      if (deadline >= leases.validUntilNanos()) {
        return false;
      }
      List<OutboxRow> rows = store.unsent(c, lanes, config.batchSize());
      if (rows.isEmpty()) {
        return false;
      }
      publish(c, rows, deadline);
      return rows.size() == config.batchSize() && closing.getCount() > 0;
    }
  }

  private void publish(Connection c, List<OutboxRow> rows, long deadline) throws SQLException {
    Map<String, List<OutboxRow>> byChannel = new LinkedHashMap<>();
    for (OutboxRow row : rows) {
      byChannel.computeIfAbsent(row.channel(), k -> new ArrayList<>()).add(row);
    }
    Map<String, CompletableFuture<List<SendResult>>> sends = new LinkedHashMap<>();
    Map<String, String> failedChannels = new HashMap<>();
    for (Map.Entry<String, List<OutboxRow>> e : byChannel.entrySet()) {
      List<Message<byte[]>> messages = new ArrayList<>(e.getValue().size());
      for (OutboxRow row : e.getValue()) {
        messages.add(row.message());
      }
      try {
        sends.put(e.getKey(), publisher(e.getKey()).sendAll(messages).toCompletableFuture());
      } catch (RuntimeException ex) {
        failedChannels.put(e.getKey(), ex.toString());
      }
    }
    List<Long> sent = new ArrayList<>();
    Map<String, List<Long>> failed = new LinkedHashMap<>();
    for (Map.Entry<String, List<OutboxRow>> e : byChannel.entrySet()) {
      List<OutboxRow> channelRows = e.getValue();
      String channelError = failedChannels.get(e.getKey());
      List<SendResult> results = null;
      if (channelError == null) {
        try {
          long wait = Math.max(0, deadline - System.nanoTime());
          results = sends.get(e.getKey()).get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
          channelError = "no receipt within sendTimeout " + config.sendTimeout();
        } catch (ExecutionException ex) {
          channelError = String.valueOf(ex.getCause());
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          channelError = "relay interrupted";
        }
      }
      for (int i = 0; i < channelRows.size(); i++) {
        SendResult r = results == null ? null : results.get(i);
        if (r != null && r.isSuccess()) {
          sent.add(channelRows.get(i).seq());
        } else {
          String error = r == null ? channelError : String.valueOf(r.error());
          failed.computeIfAbsent(error, k -> new ArrayList<>()).add(channelRows.get(i).seq());
        }
      }
    }
    if (!sent.isEmpty()) {
      store.sent(c, sent, !config.retention().isZero());
      published.addAndGet(sent.size());
    }
    for (Map.Entry<String, List<Long>> e : failed.entrySet()) {
      store.failed(c, e.getValue(), e.getKey());
      lastFailure = e.getValue().size() + " rows not published: " + e.getKey();
    }
  }

  private Publisher<byte[]> publisher(String channel) {
    return publishers.computeIfAbsent(channel, ch -> messaging.publisher(ch, byte[].class));
  }

  private void purgeWhenDue(Connection c) throws SQLException {
    if (config.retention().isZero() || System.nanoTime() - nextPurgeNanos < 0) {
      return;
    }
    nextPurgeNanos = System.nanoTime() + PURGE_EVERY_NANOS;
    store.purge(c, config.retention());
  }
}
