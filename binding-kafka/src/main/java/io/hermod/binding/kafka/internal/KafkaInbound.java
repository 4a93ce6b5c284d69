package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.AbstractInbound;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a topic in a consumer group, driven by its own poll thread.
 *
 * <p>Kafka acknowledges by offset, Hermod by message: the consumer commits, per partition, only up
 * to the first record not yet done, so nothing handed to a handler is ever committed before it was
 * acked (or its redelivery copy appended). At most {@code prefetch} deliveries are unsettled;
 * records fetched beyond that wait in a small buffer while the partitions are paused. A partition
 * taken away by a rebalance is released only once its deliveries are settled (up to the revoke
 * timeout), so that one key is never held by two consumers. Thread-safe.
 *
 * <p>Commits: asynchronously from the poll loop (at most every 50 ms), and synchronously, retried
 * within a deadline, in {@code onPartitionsRevoked} (before a partition moves to another member)
 * and when closing (driving a rebalance in progress to its end first, since Kafka refuses commits
 * in the middle of one). A commit that fails is retried and logged at WARN with topic, group,
 * partition and offset; one given up on is logged at WARN too, saying that the records after it
 * will be handled again. A lost partition ({@code onPartitionsLost}) is dropped without a commit:
 * another member may own it already.
 */
final class KafkaInbound extends AbstractInbound {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaInbound.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final Duration COMMIT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final long COMMIT_RETRY_PAUSE_MILLIS = 50;

  /** A record that is done, reported to the poll thread. */
  private record Done(TopicPartition partition, int epoch, long offset) {}

  private final InboundEndpoint endpoint;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Redeliverer redeliverer;
  private final Duration revokeTimeout;
  private final IntSupplier epochs;
  private final Thread thread;
  private final KafkaTraffic.FetchMeter fetches;

  private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<TopicPartition, Integer> currentEpochs = new ConcurrentHashMap<>();
  // Counted down by the first assignment: the consumer is then a member of its group.
  private final CountDownLatch joined = new CountDownLatch(1);

  // Owned by the poll thread.
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  // What the broker confirmed, and what was last sent asynchronously (possibly still unanswered):
  // an asynchronous commit may yet fail, so a synchronous one never skips a partition for it.
  private final Map<TopicPartition, Long> confirmed = new HashMap<>();
  private final Map<TopicPartition, Long> requested = new HashMap<>();
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
  private long lastCommitNanos;
  // A rebalance fails every periodic commit until it completes: one WARN a second, with a count.
  private long lastAsyncWarnNanos;
  private int asyncFailuresSinceWarn;
  private boolean closing;
  // Set around the polls made with every partition paused; partitions a rebalance assigns inside
  // one of them are paused at once, so that they fetch nothing either.
  private boolean holdingBack;

  KafkaInbound(
      InboundEndpoint endpoint,
      KafkaConsumer<byte[], byte[]> consumer,
      Redeliverer redeliverer,
      Duration revokeTimeout,
      IntSupplier epochs) {
    this.endpoint = endpoint;
    this.consumer = consumer;
    this.redeliverer = redeliverer;
    this.revokeTimeout = revokeTimeout;
    this.epochs = epochs;
    this.thread = new Thread(this::run, endpoint.clientId());
    this.thread.setDaemon(true);
    this.fetches = endpoint.traffic().fetchMeter(endpoint.topic(), consumer::metrics);
  }

  /**
   * Starts polling and waits, up to {@code joinTimeout}, until the consumer has joined its group.
   * Returning earlier would let an application's first consumer take every partition while the
   * other instances it just started are still joining: they would see none of the messages
   * published right after {@code subscribe} returned.
   */
  void start(Duration joinTimeout) {
    thread.start();
    try {
      if (!joined.await(joinTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "consumer of {} (group {}) has not joined its group within {}; it goes on joining in"
                + " the background",
            endpoint.topic(),
            endpoint.group(),
            joinTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isOpen() {
    return !isClosed();
  }

  /**
   * Wakes the poll thread, which settles what it can, commits and leaves, and waits for it. On the
   * poll thread itself (a handler closing its endpoint) nothing blocks: the loop sees {@link
   * #isClosed()} when the handler returns.
   */
  @Override
  protected void doClose() {
    if (Thread.currentThread() == thread) {
      return;
    }
    consumer.wakeup();
    try {
      thread.join(revokeTimeout.plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void acked(ConsumerRecord<byte[], byte[]> record, PartitionState partition) {
    settle(partition);
    done.add(new Done(partitionOf(record), partition.epoch, record.offset()));
  }

  void nacked(
      ConsumerRecord<byte[], byte[]> record,
      PartitionState partition,
      int deliveryCount,
      Duration redeliverAfter) {
    settle(partition);
    TopicPartition tp = partitionOf(record);
    redeliverer.redeliver(
        record,
        deliveryCount,
        redeliverAfter,
        new Redeliverer.Copy() {
          @Override
          public boolean begin() {
            return !isClosed()
                && Integer.valueOf(partition.epoch).equals(currentEpochs.get(tp))
                && partition.beginCopy();
          }

          @Override
          public void appended() {
            // Reported before the count drops, so whoever waits for the count finds it queued.
            done.add(new Done(tp, partition.epoch, record.offset()));
            partition.endCopy();
          }

          @Override
          public void failed() {
            partition.endCopy();
          }
        });
  }

  /**
   * A delivery given back in its place: it counts as settled for the prefetch and the revocation
   * wait, but its record stays not done, so no commit goes past it and the partition's next owner
   * (after this consumer closes) reads it again where it was. No copy is appended: a copy would
   * come after later records of the same key.
   */
  void released(PartitionState partition) {
    settle(partition);
  }

  private void settle(PartitionState partition) {
    inFlight.decrementAndGet();
    partition.handedOver.decrementAndGet();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(endpoint.topic()), new Rebalance());
      long lastPoll = 0;
      while (!isClosed()) {
        try {
          fetches.maybeTick();
          drain();
          handOver();
          commit(false);
          if (isPaused() || !buffer.isEmpty()) {
            consumer.pause(consumer.assignment());
            // Wait for a settlement to free capacity, but keep polling for the group's sake.
            if (!isPaused() && System.nanoTime() - lastPoll < POLL.toNanos()) {
              Done d = done.poll(20, TimeUnit.MILLISECONDS);
              if (d != null) {
                apply(d);
              }
              continue;
            }
            holdingBack = true;
            try {
              accept(consumer.poll(isPaused() ? POLL : Duration.ofMillis(10)));
            } finally {
              holdingBack = false;
            }
            lastPoll = System.nanoTime();
          } else {
            if (!consumer.paused().isEmpty()) {
              consumer.resume(consumer.paused());
            }
            accept(consumer.poll(POLL));
            lastPoll = System.nanoTime();
          }
        } catch (WakeupException e) {
          // close() woke us up; the loop condition decides
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          if (!isClosed()) {
            LOG.warn(
                "consumer of {} in group {} failed, retrying: {}",
                endpoint.topic(),
                endpoint.group(),
                e.toString());
            Done d = done.poll(500, TimeUnit.MILLISECONDS);
            if (d != null) {
              apply(d);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error(
          "consumer of {} in group {} stopped: {}",
          endpoint.topic(),
          endpoint.group(),
          e.toString(),
          e);
    } finally {
      shutdown();
    }
  }

  private void shutdown() {
    close(); // the loop may also end on its own: from now on settlements are ignored
    closing = true;
    try {
      awaitCopies(List.copyOf(partitions.keySet()), System.nanoTime() + revokeTimeout.toNanos());
      finalCommit();
    } catch (RuntimeException e) {
      LOG.warn(
          "final commit of {} for group {} failed: {}; records after the last commit will be"
              + " handled again by the partitions' next owners",
          endpoint.topic(),
          endpoint.group(),
          e.toString(),
          e);
    }
    try {
      fetches.tick();
    } catch (RuntimeException e) {
      LOG.debug("reading the fetch metrics of {} failed: {}", endpoint.group(), e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      LOG.warn(
          "closing consumer of {} in group {} failed: {}",
          endpoint.topic(),
          endpoint.group(),
          e.toString());
    }
    endpoint.onClosed().accept(this);
  }

  /**
   * Commits everything settled before the consumer leaves. Kafka refuses commits while a rebalance
   * is in progress (another member joining or leaving), and a consumer closed then would leave
   * every record since its last commit to be handled again; so a retriable failure is followed by a
   * poll (with every partition paused: it fetches nothing) that lets the rebalance finish, and
   * another attempt, until the revoke timeout.
   */
  private void finalCommit() {
    long end = System.nanoTime() + revokeTimeout.toNanos();
    while (true) {
      drain();
      Map<TopicPartition, OffsetAndMetadata> offsets = toCommit(partitions.keySet(), confirmed);
      if (offsets.isEmpty()) {
        return;
      }
      try {
        endpoint.traffic().settled(endpoint.topic(), 1);
        consumer.commitSync(offsets, COMMIT_REQUEST_TIMEOUT);
        confirm(offsets);
        return;
      } catch (WakeupException e) {
        // close() woke the consumer up; try again
      } catch (RuntimeException e) {
        if (!retriable(e) || System.nanoTime() > end) {
          warnLost("final commit", offsets, e);
          return;
        }
        warnRetrying("final commit", offsets, e, "after the rebalance in progress completes");
        try {
          consumer.pause(consumer.assignment());
          holdingBack = true;
          try {
            // Buffered, never handed over: they stay not done, so no commit goes past them.
            accept(consumer.poll(POLL));
          } finally {
            holdingBack = false;
          }
          consumer.pause(consumer.assignment());
        } catch (WakeupException ignored) {
          // close() woke the consumer up; the next attempt decides
        } catch (RuntimeException pollError) {
          LOG.warn(
              "consumer of {} in group {} failed while completing a rebalance to commit: {}",
              endpoint.topic(),
              endpoint.group(),
              pollError.toString());
        }
      }
    }
  }

  /**
   * Waits, until {@code end}, for the redelivery copies on their way for these partitions, and
   * stops further copies: once the partitions are committed and given up, a copy would be a
   * duplicate of the original that their next owner reads again.
   */
  private void awaitCopies(Collection<TopicPartition> which, long end) {
    while (true) {
      boolean idle = true;
      for (TopicPartition tp : which) {
        PartitionState ps = partitions.get(tp);
        idle &= ps == null || ps.giveUpIfNoCopies();
      }
      if (idle) {
        return;
      }
      if (System.nanoTime() > end || !pauseForSettlements()) {
        for (TopicPartition tp : which) {
          PartitionState ps = partitions.get(tp);
          if (ps != null) {
            ps.giveUp();
          }
        }
        return;
      }
    }
  }

  /**
   * Waits a little for a settlement, applying it.
   *
   * @return {@code false} if interrupted
   */
  private boolean pauseForSettlements() {
    try {
      Done d = done.poll(10, TimeUnit.MILLISECONDS);
      if (d != null) {
        apply(d);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Buffers what a poll returned. Every poll goes through here, also those made only to keep the
   * membership alive while the partitions are paused: a rebalance completed inside such a poll
   * assigns partitions that are not paused yet, and the same poll may return their first records.
   * The consumer's position has then moved past them, so a record dropped here would be committed
   * over by the later ones, and lost.
   */
  private void accept(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> r : records) {
      PartitionState ps = partitions.get(partitionOf(r));
      if (ps != null) {
        ps.fetched(r.offset());
        buffer.add(r);
      } else {
        // Not expected: a poll returns records only of partitions assigned, and so known, when it
        // ends. Said loudly, because the position has moved past the record.
        LOG.warn(
            "consumer of {} in group {} polled record {} of a partition it holds no state for; not"
                + " handing it over",
            endpoint.topic(),
            endpoint.group(),
            KafkaWire.reference(r));
      }
    }
  }

  private void handOver() {
    while (!isPaused() && inFlight.get() < endpoint.prefetch() && !buffer.isEmpty()) {
      ConsumerRecord<byte[], byte[]> r = buffer.poll();
      PartitionState ps = partitions.get(partitionOf(r));
      if (ps == null) {
        continue;
      }
      KafkaWire.Incoming incoming = KafkaWire.read(r);
      if (incoming.isForOtherGroup(endpoint.group())) {
        ps.done(r.offset());
        continue;
      }
      Message<byte[]> message;
      try {
        message = incoming.message();
      } catch (RuntimeException e) {
        LOG.warn(
            "record {} of group {} cannot be read as a message (its headers, or its structured-mode"
                + " CloudEvent), delivering its bytes only: {}",
            KafkaWire.reference(r),
            endpoint.group(),
            e.toString());
        message =
            Message.builder(r.value() == null ? new byte[0] : r.value())
                .id(KafkaWire.reference(r))
                .build();
      }
      inFlight.incrementAndGet();
      ps.handedOver.incrementAndGet();
      KafkaDelivery delivery =
          new KafkaDelivery(this, r, ps, message, incoming.earlierDeliveries() + 1);
      try {
        endpoint.handler().onDelivery(delivery);
      } catch (RuntimeException e) {
        LOG.error("handler rejected {}, redelivering it: {}", delivery, e.toString(), e);
        delivery.nack(Duration.ofSeconds(1));
      }
    }
  }

  private void drain() {
    Done d;
    while ((d = done.poll()) != null) {
      apply(d);
    }
  }

  private void apply(Done d) {
    PartitionState ps = partitions.get(d.partition());
    if (ps != null && ps.epoch == d.epoch()) {
      ps.done(d.offset());
    }
  }

  /** The periodic commit from the poll loop: asynchronous, at most every 50 ms. */
  private void commit(boolean now) {
    if (!now && System.nanoTime() - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = toCommit(partitions.keySet(), requested);
    if (offsets.isEmpty()) {
      return;
    }
    lastCommitNanos = System.nanoTime();
    offsets.forEach((tp, o) -> requested.put(tp, o.offset()));
    endpoint.traffic().settled(endpoint.topic(), 1);
    consumer.commitAsync(
        offsets,
        (o, error) -> {
          // Runs on the poll thread, inside a later poll or commit.
          if (error == null) {
            confirm(o);
          } else {
            // Forget the request, so that the next commit of the loop (or the one on
            // revocation or close) sends these offsets again.
            o.forEach((tp, offset) -> requested.remove(tp, offset.offset()));
            asyncFailuresSinceWarn++;
            long failedAt = System.nanoTime();
            if (failedAt - lastAsyncWarnNanos >= TimeUnit.SECONDS.toNanos(1)) {
              warnRetrying(
                  "commit",
                  o,
                  error,
                  "with the next commit ("
                      + asyncFailuresSinceWarn
                      + " periodic commit(s) failed since the last such warning)");
              lastAsyncWarnNanos = failedAt;
              asyncFailuresSinceWarn = 0;
            }
          }
        });
  }

  /**
   * Commits the revoked partitions synchronously, before they move to another member, retrying a
   * retriable failure until the revoke timeout. Polling is not allowed inside the rebalance
   * callback, so a failure that persists is logged as lost.
   */
  private void commitOnRevocation(Collection<TopicPartition> revoked) {
    long end = System.nanoTime() + revokeTimeout.toNanos();
    while (true) {
      drain();
      Map<TopicPartition, OffsetAndMetadata> offsets = toCommit(revoked, confirmed);
      if (offsets.isEmpty()) {
        return;
      }
      try {
        endpoint.traffic().settled(endpoint.topic(), 1);
        consumer.commitSync(offsets, COMMIT_REQUEST_TIMEOUT);
        confirm(offsets);
        return;
      } catch (WakeupException e) {
        // close() woke the consumer up: the commit still has to happen, try again
        if (System.nanoTime() > end) {
          warnLost("commit on revocation", offsets, e);
          return;
        }
      } catch (RuntimeException e) {
        if (!retriable(e) || System.nanoTime() > end) {
          warnLost("commit on revocation", offsets, e);
          return;
        }
        warnRetrying("commit on revocation", offsets, e, "in " + COMMIT_RETRY_PAUSE_MILLIS + " ms");
        long pauseEnd =
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMMIT_RETRY_PAUSE_MILLIS);
        while (System.nanoTime() < pauseEnd && pauseForSettlements()) {
          // settlements arriving meanwhile are applied, and go into the next attempt
        }
      }
    }
  }

  /** The partitions whose committable position is beyond {@code known}. */
  private Map<TopicPartition, OffsetAndMetadata> toCommit(
      Collection<TopicPartition> which, Map<TopicPartition, Long> known) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : which) {
      PartitionState ps = partitions.get(tp);
      long position = ps == null ? -1 : ps.committable();
      if (position >= 0 && position > known.getOrDefault(tp, -1L)) {
        offsets.put(tp, new OffsetAndMetadata(position));
      }
    }
    return offsets;
  }

  private void confirm(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> confirmed.merge(tp, o.offset(), Math::max));
  }

  /** Failures after which the same commit can succeed: a rebalance or the broker being slow. */
  private static boolean retriable(Exception e) {
    return e instanceof RetriableException || e instanceof RebalanceInProgressException;
  }

  private void warnRetrying(
      String what, Map<TopicPartition, OffsetAndMetadata> offsets, Exception e, String when) {
    LOG.warn(
        "{} of {} for group {} failed ({}), retrying {}: {}",
        what,
        describe(offsets),
        endpoint.group(),
        e.toString(),
        when,
        "records of a partition after its last successful commit are handled again if it moves"
            + " before a retry succeeds");
  }

  private void warnLost(String what, Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) {
    LOG.warn(
        "{} of {} for group {} failed and is given up ({}): the next owners of these partitions"
            + " will handle the records from the last successful commit on again{}",
        what,
        describe(offsets),
        endpoint.group(),
        e.toString(),
        retriable(e) ? "" : " (not retriable: the consumer was fenced or removed from the group)");
  }

  /** e.g. {@code topic orders partition 3 offset 120, topic orders partition 5 offset 77}. */
  private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
    return offsets.entrySet().stream()
        .map(
            e ->
                "topic "
                    + e.getKey().topic()
                    + " partition "
                    + e.getKey().partition()
                    + " offset "
                    + e.getValue().offset())
        .collect(Collectors.joining(", "));
  }

  private static TopicPartition partitionOf(ConsumerRecord<?, ?> r) {
    return new TopicPartition(r.topic(), r.partition());
  }

  /** Keeps partition state in step with the group's assignment; runs on the poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      joined.countDown();
      for (TopicPartition tp : assigned) {
        PartitionState ps = new PartitionState(epochs.getAsInt());
        partitions.put(tp, ps);
        currentEpochs.put(tp, ps.epoch);
        confirmed.remove(tp);
        requested.remove(tp);
      }
      if (holdingBack && !assigned.isEmpty()) {
        consumer.pause(assigned);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      dropBuffered(revoked);
      long end = System.nanoTime() + revokeTimeout.toNanos();
      if (!closing) {
        awaitSettled(revoked, end);
      }
      awaitCopies(revoked, end);
      commitOnRevocation(revoked);
      forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      // Another member may own them already: committing now could move its position back.
      dropBuffered(lost);
      for (TopicPartition tp : lost) {
        PartitionState ps = partitions.get(tp);
        if (ps != null) {
          ps.giveUp();
        }
      }
      forget(lost);
    }

    private void awaitSettled(Collection<TopicPartition> revoked, long end) {
      while (!isClosed() && System.nanoTime() < end) {
        int unsettled = 0;
        for (TopicPartition tp : revoked) {
          PartitionState ps = partitions.get(tp);
          unsettled += ps == null ? 0 : ps.handedOver.get();
        }
        if (unsettled == 0 || !pauseForSettlements()) {
          return;
        }
      }
    }

    private void dropBuffered(Collection<TopicPartition> gone) {
      for (Iterator<ConsumerRecord<byte[], byte[]>> it = buffer.iterator(); it.hasNext(); ) {
        if (gone.contains(partitionOf(it.next()))) {
          it.remove();
        }
      }
    }

    private void forget(Collection<TopicPartition> gone) {
      for (TopicPartition tp : gone) {
        partitions.remove(tp);
        currentEpochs.remove(tp);
        confirmed.remove(tp);
        requested.remove(tp);
      }
    }
  }
}
