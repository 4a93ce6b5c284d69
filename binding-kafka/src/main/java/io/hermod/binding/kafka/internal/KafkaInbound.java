package io.hermod.binding.kafka.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
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
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a topic in a consumer group, driven by its own poll thread.
 *
 * <p>Kafka acknowledges by offset, Hermod by message: the consumer commits, per partition, only
 * up to the first record not yet done, so nothing handed to a handler is ever committed before
 * it was acked (or its redelivery copy appended). At most {@code prefetch} deliveries are
 * unsettled; records fetched beyond that wait in a small buffer while the partitions are paused.
 * A partition taken away by a rebalance is released only once its deliveries are settled (up to
 * the revoke timeout), so that one key is never held by two consumers. Thread-safe.
 */
final class KafkaInbound implements Inbound {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaInbound.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** A record that is done, reported to the poll thread. */
  private record Done(TopicPartition partition, int epoch, long offset) {}

  private final ChannelSpec channel;
  private final String group;
  private final int prefetch;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final InboundHandler handler;
  private final Redeliverer redeliverer;
  private final Duration revokeTimeout;
  private final Consumer<Inbound> onClosed;
  private final Thread thread;

  private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<TopicPartition, Integer> currentEpochs = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  // Counted down by the first assignment: the consumer is then a member of its group.
  private final CountDownLatch joined = new CountDownLatch(1);
  private volatile boolean paused;

  // Owned by the poll thread.
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
  private int epochSequence;
  private long lastCommitNanos;
  private boolean closing;

  KafkaInbound(
      ChannelSpec channel,
      String group,
      String clientId,
      int prefetch,
      KafkaConsumer<byte[], byte[]> consumer,
      InboundHandler handler,
      Redeliverer redeliverer,
      Duration revokeTimeout,
      Consumer<Inbound> onClosed) {
    this.channel = channel;
    this.group = group;
    this.prefetch = prefetch;
    this.consumer = consumer;
    this.handler = handler;
    this.redeliverer = redeliverer;
    this.revokeTimeout = revokeTimeout;
    this.onClosed = onClosed;
    this.thread = new Thread(this::run, clientId);
    this.thread.setDaemon(true);
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
            channel.name(),
            group,
            joinTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isOpen() {
    return running;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(revokeTimeout.plusSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
        () -> running && Integer.valueOf(partition.epoch).equals(currentEpochs.get(tp)),
        () -> done.add(new Done(tp, partition.epoch, record.offset())));
  }

  private void settle(PartitionState partition) {
    inFlight.decrementAndGet();
    partition.handedOver.decrementAndGet();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(channel.name()), new Rebalance());
      long lastPoll = 0;
      while (running) {
        try {
          drain();
          handOver();
          commit(false);
          if (paused || !buffer.isEmpty()) {
            consumer.pause(consumer.assignment());
            // Wait for a settlement to free capacity, but keep polling for the group's sake.
            if (!paused && System.nanoTime() - lastPoll < POLL.toNanos()) {
              Done d = done.poll(20, TimeUnit.MILLISECONDS);
              if (d != null) {
                apply(d);
              }
              continue;
            }
            consumer.poll(paused ? POLL : Duration.ofMillis(10));
            lastPoll = System.nanoTime();
          } else {
            if (!consumer.paused().isEmpty()) {
              consumer.resume(consumer.paused());
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            lastPoll = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> r : records) {
              PartitionState ps = partitions.get(partitionOf(r));
              if (ps != null) {
                ps.fetched(r.offset());
                buffer.add(r);
              }
            }
          }
        } catch (WakeupException e) {
          // close() woke us up; the loop condition decides
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          if (running) {
            LOG.warn("consumer of {} in group {} failed, retrying: {}", channel.name(), group, e.toString());
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
      LOG.error("consumer of {} in group {} stopped: {}", channel.name(), group, e.toString(), e);
    } finally {
      shutdown();
    }
  }

  private void shutdown() {
    running = false;
    closing = true;
    try {
      drain();
      commit(true);
    } catch (RuntimeException e) {
      LOG.debug("final commit of {} failed: {}", group, e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      LOG.debug("closing consumer of {} failed: {}", group, e.toString());
    }
    onClosed.accept(this);
  }

  private void handOver() {
    while (!paused && inFlight.get() < prefetch && !buffer.isEmpty()) {
      ConsumerRecord<byte[], byte[]> r = buffer.poll();
      PartitionState ps = partitions.get(partitionOf(r));
      if (ps == null) {
        continue;
      }
      KafkaWire.Incoming incoming = KafkaWire.read(r);
      if (incoming.isForOtherGroup(group)) {
        ps.done(r.offset());
        continue;
      }
      Message<byte[]> message;
      try {
        message = incoming.message();
      } catch (RuntimeException e) {
        LOG.warn("record {} has unreadable headers, delivering its bytes only: {}", KafkaWire.reference(r), e.toString());
        message = Message.builder(r.value() == null ? new byte[0] : r.value()).id(KafkaWire.reference(r)).build();
      }
      inFlight.incrementAndGet();
      ps.handedOver.incrementAndGet();
      KafkaDelivery delivery = new KafkaDelivery(this, r, ps, message, incoming.earlierDeliveries() + 1);
      try {
        handler.onDelivery(delivery);
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

  private void commit(boolean now) {
    commit(partitions.keySet(), now);
  }

  private void commit(Collection<TopicPartition> which, boolean sync) {
    if (!sync && System.nanoTime() - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : which) {
      PartitionState ps = partitions.get(tp);
      long position = ps == null ? -1 : ps.committable();
      if (position >= 0 && position > committed.getOrDefault(tp, -1L)) {
        offsets.put(tp, new OffsetAndMetadata(position));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    lastCommitNanos = System.nanoTime();
    if (sync) {
      try {
        consumer.commitSync(offsets, Duration.ofSeconds(5));
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
      } catch (WakeupException e) {
        consumer.commitSync(offsets, Duration.ofSeconds(5));
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
      }
    } else {
      offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
      consumer.commitAsync(
          offsets,
          (o, error) -> {
            if (error != null) {
              // The next commit covers it; a lost commit only means a redelivery.
              LOG.debug("commit of {} failed: {}", group, error.toString());
              o.keySet().forEach(committed::remove);
            }
          });
    }
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
        PartitionState ps = new PartitionState(++epochSequence);
        partitions.put(tp, ps);
        currentEpochs.put(tp, ps.epoch);
        committed.remove(tp);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      dropBuffered(revoked);
      if (!closing) {
        awaitSettled(revoked);
      }
      drain();
      try {
        commit(revoked, true);
      } catch (RuntimeException e) {
        LOG.debug("commit on revocation in {} failed: {}", group, e.toString());
      }
      forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      dropBuffered(lost);
      forget(lost);
    }

    private void awaitSettled(Collection<TopicPartition> revoked) {
      long end = System.nanoTime() + revokeTimeout.toNanos();
      while (running && System.nanoTime() < end) {
        int unsettled = 0;
        for (TopicPartition tp : revoked) {
          PartitionState ps = partitions.get(tp);
          unsettled += ps == null ? 0 : ps.handedOver.get();
        }
        if (unsettled == 0) {
          return;
        }
        try {
          Done d = done.poll(10, TimeUnit.MILLISECONDS);
          if (d != null) {
            apply(d);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
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
        committed.remove(tp);
      }
    }
  }
}
