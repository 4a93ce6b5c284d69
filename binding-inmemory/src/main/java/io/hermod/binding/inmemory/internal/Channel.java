package io.hermod.binding.inmemory.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.DedupIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The publish side of one channel on a broker: the dedup window, the bound, blocked senders, and
 * where a message goes — the queue of a queue channel, or every selecting subscription of a topic
 * plus the topic's retention. Thread-safe through its publish lock.
 */
final class Channel {

  private static final MessageQueue[] NO_SUBSCRIPTIONS = new MessageQueue[0];

  final ChannelSpec spec;
  private final Broker broker;
  private final int retentionLimit;
  private final ReentrantLock lock = new ReentrantLock();
  private final @Nullable MessageQueue queue;
  private final Map<String, MessageQueue> subscriptions = new LinkedHashMap<>();

  /** The subscriptions' queues; replaced, never modified, under the lock. */
  private volatile MessageQueue[] fanOut = NO_SUBSCRIPTIONS;

  private final ArrayDeque<Entry> retained = new ArrayDeque<>();
  private final @Nullable DedupWindow dedup;
  private final boolean blocking;
  private final ArrayDeque<PendingSend> pending = new ArrayDeque<>();

  /** Mirrors {@code pending.size()} for a lock-free check on every ack. */
  private volatile int pendingCount;

  private long sequence;

  Channel(Broker broker, ChannelSpec spec, int retentionLimit) {
    this.broker = broker;
    this.spec = spec;
    this.retentionLimit = spec.kind() == ChannelKind.TOPIC ? retentionLimit : 0;
    this.dedup =
        spec.ordered() ? new DedupWindow(Timeouts.saturatedNanos(spec.dedupWindow())) : null;
    this.blocking = spec.maxLength() > 0 && spec.overflow() == OverflowPolicy.BLOCK;
    this.queue =
        spec.kind() == ChannelKind.QUEUE
            ? newQueue("queue '" + spec.name() + "'", Filter.none())
            : null;
  }

  String name() {
    return spec.name();
  }

  private MessageQueue newQueue(String description, Filter filter) {
    return new MessageQueue(
        description + " on broker '" + broker.name() + "'",
        broker,
        filter,
        spec.ordered(),
        blocking ? this::admitPending : null);
  }

  /**
   * The queue consumers of a queue channel compete on.
   *
   * @return the queue
   * @throws IllegalStateException on a topic
   */
  MessageQueue queue() {
    if (queue == null) {
      throw new IllegalStateException(spec.name() + " is a topic");
    }
    return queue;
  }

  /**
   * The queue of a topic subscription, created on first use; a new subscription starting from the
   * earliest message receives the retained messages it selects.
   *
   * @param subscription the subscription
   * @return its queue
   */
  MessageQueue subscription(SubscriptionSpec subscription) {
    lock.lock();
    try {
      MessageQueue q = subscriptions.get(subscription.name());
      if (q != null) {
        return q;
      }
      Filter filter = subscription.filter() == null ? Filter.none() : subscription.filter();
      q =
          newQueue(
              "subscription '" + subscription.name() + "' of topic '" + spec.name() + "'", filter);
      if (subscription.startPosition() == StartPosition.EARLIEST) {
        long now = System.currentTimeMillis();
        for (Entry e : retained) {
          if (!e.isExpired(now) && selects(filter, e.message)) {
            q.add(new Entry(e.message, e.sequence, e.orderingKey));
          }
        }
      }
      subscriptions.put(subscription.name(), q);
      fanOut = subscriptions.values().toArray(NO_SUBSCRIPTIONS);
      return q;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The queue of a topic subscription, if it exists: unlike {@link #subscription}, never creates
   * one.
   *
   * @param name the subscription name
   * @return its queue, or {@code null}
   */
  @Nullable MessageQueue existingSubscription(String name) {
    lock.lock();
    try {
      return subscriptions.get(name);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Publishes one message; {@code future} completes once it is enqueued (or found to be a duplicate
   * within the dedup window), or fails when the channel is full.
   *
   * @param m the message
   * @param future completed outside every lock
   * @param sender the sending binding
   */
  void publish(Message<byte[]> m, CompletableFuture<Receipt> future, Sender sender) {
    if (broker.isStopped()) {
      future.completeExceptionally(
          sender.errors().stopped(broker, spec.name(), "sends fail until it is started again"));
      return;
    }
    long seq;
    lock.lock();
    try {
      long duplicate = dedup == null ? -1L : dedup.lookup(DedupIds.of(m), System.nanoTime());
      if (duplicate >= 0L) {
        seq = duplicate;
      } else if (spec.maxLength() > 0 && (pendingCount > 0 || !hasRoom(m))) {
        if (!blocking) {
          seq = -1L;
        } else {
          PendingSend p = new PendingSend(m, future, sender);
          pending.addLast(p);
          pendingCount = pending.size();
          p.timeout = sender.timeouts().schedule(() -> expire(p), sender.sendTimeoutNanos());
          return;
        }
      } else {
        seq = enqueue(m);
      }
    } finally {
      lock.unlock();
    }
    if (seq < 0L) {
      future.completeExceptionally(sender.errors().full(spec));
    } else {
      future.complete(receipt(sender, m, seq));
    }
  }

  /** Wakes every waiting consumer of this channel, after a simulated outage. */
  void wakeConsumers() {
    if (queue != null) {
      queue.wakeConsumers();
    }
    for (MessageQueue q : fanOut) {
      q.wakeConsumers();
    }
  }

  /** Admits blocked senders in order while there is room; called without locks held. */
  private void admitPending() {
    if (pendingCount == 0) {
      return;
    }
    List<PendingSend> admitted = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    lock.lock();
    try {
      PendingSend p;
      while ((p = pending.peekFirst()) != null) {
        if (p.future.isDone()) {
          pending.pollFirst();
          continue;
        }
        long duplicate =
            dedup == null ? -1L : dedup.lookup(DedupIds.of(p.message), System.nanoTime());
        if (duplicate < 0L && !hasRoom(p.message)) {
          break;
        }
        pending.pollFirst();
        admitted.add(p);
        sequences.add(duplicate >= 0L ? duplicate : enqueue(p.message));
      }
      pendingCount = pending.size();
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < admitted.size(); i++) {
      PendingSend p = admitted.get(i);
      p.cancelTimeout();
      p.future.complete(receipt(p.sender, p.message, sequences.get(i)));
    }
  }

  private void expire(PendingSend p) {
    boolean removed;
    lock.lock();
    try {
      removed = pending.remove(p);
      pendingCount = pending.size();
    } finally {
      lock.unlock();
    }
    if (removed) {
      p.future.completeExceptionally(
          p.sender.errors().stayedFull(spec, Duration.ofNanos(p.sender.sendTimeoutNanos())));
    }
  }

  /** Under the lock. Only sends add messages, and only under this lock, so room cannot vanish. */
  private boolean hasRoom(Message<byte[]> m) {
    int max = spec.maxLength();
    if (queue != null) {
      return queue.held() < max;
    }
    for (MessageQueue q : fanOut) {
      if (q.held() >= max && selects(q.filter(), m)) {
        return false;
      }
    }
    return true;
  }

  /** Under the lock. */
  private long enqueue(Message<byte[]> m) {
    long seq = ++sequence;
    String key = spec.ordered() ? m.key() : null;
    if (dedup != null) {
      dedup.record(DedupIds.of(m), seq, System.nanoTime());
    }
    if (queue != null) {
      queue.add(new Entry(m, seq, key));
      return seq;
    }
    if (retentionLimit > 0) {
      if (retained.size() >= retentionLimit) {
        retained.pollFirst();
      }
      retained.addLast(new Entry(m, seq, key));
    }
    for (MessageQueue q : fanOut) {
      if (selects(q.filter(), m)) {
        q.add(new Entry(m, seq, key));
      }
    }
    return seq;
  }

  private static boolean selects(Filter filter, Message<byte[]> m) {
    return filter.isEmpty() || filter.matches(m.routingKey(), m.headers());
  }

  private Receipt receipt(Sender sender, Message<byte[]> m, long seq) {
    return new Receipt(
        sender.errors().binding(), spec.name(), m.id(), Long.toString(seq), Instant.now());
  }

  @Override
  public String toString() {
    return spec.kind().name().toLowerCase(java.util.Locale.ROOT) + " '" + spec.name() + "'";
  }
}
