package io.hermod.binding.inmemory.internal;

import io.hermod.api.ChannelStatistics;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The store of one queue channel or one topic subscription: ready, delayed and handed-out messages,
 * and the consumers competing for them. Thread-safe through one lock per queue, held only for
 * short, non-blocking steps; handlers and futures are never called under it.
 */
final class MessageQueue {

  private final String description;
  private final Broker broker;
  private final Filter filter;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReadyMessages ready;
  private final PriorityQueue<Entry> delayed = new PriorityQueue<>(Entry.BY_VISIBILITY);
  private final ArrayDeque<InMemoryInbound> waiters = new ArrayDeque<>();
  private final @Nullable Runnable onRoomFreed;

  /** Messages not yet acked or dropped: ready, delayed and handed out. Written under the lock. */
  private volatile int held;

  /** Messages ever added, retained ones given to a new subscription included. Under the lock. */
  private long enqueued;

  /**
   * Messages ever settled for good by consumers: acked, taken by the plain client, or consumed
   * unselected by a filtered queue consumer (which core would ack). Expired ones are not counted:
   * nobody settled them. Under the lock.
   */
  private long acknowledged;

  /**
   * Creates a queue.
   *
   * @param description e.g. {@code queue 'orders'}, for logs
   * @param broker the broker, whose simulated outage stops hand-outs
   * @param filter what a topic subscription selects at fan-out ({@link Filter#none()} for queues)
   * @param ordered whether per-key order with message-group semantics is kept
   * @param onRoomFreed called (without locks held) when a message leaves, for blocked senders
   */
  MessageQueue(
      String description,
      Broker broker,
      Filter filter,
      boolean ordered,
      @Nullable Runnable onRoomFreed) {
    this.description = description;
    this.broker = broker;
    this.filter = filter;
    this.ready = ordered ? new KeyedReady() : new FifoReady();
    this.onRoomFreed = onRoomFreed;
  }

  Filter filter() {
    return filter;
  }

  /**
   * How many messages the queue holds, counting those handed out and not yet acked.
   *
   * @return the count
   */
  int held() {
    return held;
  }

  /**
   * How many messages wait to be handed out (ready or delayed).
   *
   * @return the count
   */
  int depth() {
    lock.lock();
    try {
      return ready.size() + delayed.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The queue's figures, all exact and taken at one instant.
   *
   * @return waiting (ready or delayed), in flight (handed out, unsettled), enqueued and
   *     acknowledged counts
   */
  ChannelStatistics statistics() {
    long waiting;
    long inFlight;
    long in;
    long out;
    lock.lock();
    try {
      waiting = ready.size() + delayed.size();
      inFlight = held - waiting;
      in = enqueued;
      out = acknowledged;
    } finally {
      lock.unlock();
    }
    return ChannelStatistics.unknown()
        .withWaiting(waiting)
        .withInFlight(inFlight)
        .withEnqueued(in)
        .withAcknowledged(out);
  }

  /**
   * The messages waiting in the queue (ready or delayed, not those handed out), in arrival order.
   *
   * @return a copy
   */
  List<Message<byte[]>> snapshot() {
    List<Entry> entries = new ArrayList<>();
    lock.lock();
    try {
      ready.forEach(entries::add);
      entries.addAll(delayed);
    } finally {
      lock.unlock();
    }
    entries.sort(Comparator.comparingLong(e -> e.sequence));
    List<Message<byte[]>> messages = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      messages.add(e.message);
    }
    return messages;
  }

  /**
   * Removes the waiting messages with these ids (every copy).
   *
   * @param ids the message ids
   * @return the ids removed
   */
  Set<String> remove(Set<String> ids) {
    Set<String> removed = new HashSet<>();
    int n;
    lock.lock();
    try {
      Predicate<Entry> selected =
          e -> {
            if (ids.contains(e.message.id())) {
              removed.add(e.message.id());
              return true;
            }
            return false;
          };
      n = ready.removeIf(selected);
      int delayedBefore = delayed.size();
      delayed.removeIf(selected);
      n += delayedBefore - delayed.size();
      held -= n;
      acknowledged += n;
    } finally {
      lock.unlock();
    }
    if (n > 0) {
      roomFreed();
    }
    return removed;
  }

  /**
   * Adds a newly published message.
   *
   * @param entry the entry
   */
  void add(Entry entry) {
    Message<byte[]> m = entry.message;
    long delayMillis =
        m.deliverAt() == null ? 0L : m.deliverAt().toEpochMilli() - System.currentTimeMillis();
    lock.lock();
    try {
      held++;
      enqueued++;
      if (delayMillis > 0) {
        entry.visibleAtNanos = System.nanoTime() + delayMillis * 1_000_000L;
        addDelayed(entry);
      } else {
        ready.offer(entry);
        wakeOne();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands up to {@code out.length} messages to {@code consumer}, within its prefetch. When it gets
   * none, the consumer is registered to be woken and told how long it may sleep.
   *
   * @param consumer the consumer
   * @param out where the deliveries go
   * @return how many deliveries were written to {@code out}
   */
  int take(InMemoryInbound consumer, InMemoryDelivery[] out) {
    int n = 0;
    boolean dropped = false;
    lock.lock();
    try {
      if (consumer.stopped) {
        return 0;
      }
      if (broker.isStopped()) {
        // Woken by Broker.start().
        consumer.creditWaitSeen = false;
        if (!consumer.waiting) {
          consumer.waiting = true;
          waiters.addLast(consumer);
        }
        consumer.parkNanos = 0L;
        return 0;
      }
      int room = consumer.prefetch - consumer.inFlight;
      if (room <= 0) {
        consumer.creditWait = true;
        consumer.creditWaitSeen = true;
        consumer.parkNanos = 0L;
        leaveWaiters(consumer);
        return 0;
      }
      consumer.creditWaitSeen = false;
      int max = Math.min(room, out.length);
      if (!delayed.isEmpty()) {
        promoteDue(System.nanoTime());
      }
      long nowMillis = 0L;
      Filter own = consumer.filter;
      while (n < max) {
        Entry e = ready.poll();
        if (e == null) {
          break;
        }
        if (e.expiresAtMillis != Long.MAX_VALUE) {
          if (nowMillis == 0L) {
            nowMillis = System.currentTimeMillis();
          }
          if (e.isExpired(nowMillis)) {
            drop(e);
            dropped = true;
            continue;
          }
        }
        if (own != null && !own.matches(e.message.routingKey(), e.message.headers())) {
          // A queue consumer with a filter consumes what it does not select, as core would.
          drop(e);
          acknowledged++;
          dropped = true;
          continue;
        }
        InMemoryDelivery d = new InMemoryDelivery(e, consumer);
        link(consumer, d);
        out[n++] = d;
      }
      consumer.inFlight += n;
      if (n > 0) {
        // Still listed after a spurious wake-up: a wake-up must go to a consumer that waits.
        leaveWaiters(consumer);
      } else {
        if (!consumer.waiting) {
          consumer.waiting = true;
          waiters.addLast(consumer);
        }
        Entry next = delayed.peek();
        consumer.parkNanos =
            next == null ? 0L : Math.max(1L, next.visibleAtNanos - System.nanoTime());
      }
    } finally {
      lock.unlock();
    }
    if (dropped) {
      roomFreed();
    }
    return n;
  }

  /**
   * Settles a delivery: acked messages leave the queue, nacked ones come back with their count
   * incremented, after {@code delayNanos}, ahead of later messages of their key.
   *
   * @param d the delivery, already claimed by {@link InMemoryDelivery#trySettle()}
   * @param ack whether it was processed
   * @param delayNanos the redelivery delay of a nack
   */
  void settle(InMemoryDelivery d, boolean ack, long delayNanos) {
    InMemoryInbound c = d.consumer;
    Entry e = d.entry;
    lock.lock();
    try {
      unlink(c, d);
      c.inFlight--;
      if (ack) {
        held--;
        acknowledged++;
        if (ready.release(e)) {
          wakeOne();
        }
      } else {
        e.deliveryCount++;
        if (delayNanos > 0L) {
          e.returning = true;
          e.visibleAtNanos = System.nanoTime() + delayNanos;
          addDelayed(e);
        } else {
          ready.putBack(e);
          wakeOne();
        }
      }
      if (c.creditWait) {
        c.creditWait = false;
        c.wake();
      }
    } finally {
      lock.unlock();
    }
    if (ack) {
      roomFreed();
    }
  }

  /**
   * Returns every unsettled delivery of a closing consumer to the queue, counted as a delivery, and
   * stops waking it.
   *
   * @param c the consumer, already stopped
   * @return how many deliveries were returned
   */
  int returnAll(InMemoryInbound c) {
    int returned = 0;
    lock.lock();
    try {
      leaveWaiters(c);
      // From the newest back, so that putting each at the front restores the original order.
      InMemoryDelivery d = c.inFlightTail;
      while (d != null) {
        InMemoryDelivery previous = d.previous;
        if (d.trySettle()) {
          unlink(c, d);
          c.inFlight--;
          d.entry.deliveryCount++;
          ready.putBack(d.entry);
          returned++;
        }
        d = previous;
      }
      if (ready.size() > 0) {
        // The returned messages, or a wake-up this consumer took, must reach the others.
        wakeAll();
      }
    } finally {
      lock.unlock();
    }
    return returned;
  }

  /**
   * Stops waking a paused consumer, passing on a wake-up it may have taken from the others.
   *
   * @param c the consumer
   */
  void withdraw(InMemoryInbound c) {
    lock.lock();
    try {
      leaveWaiters(c);
      if (ready.size() > 0) {
        wakeOne();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes one message and acks it at once, for the broker's plain client.
   *
   * @return the message, or {@code null} if none is ready
   */
  @Nullable Message<byte[]> takeAndAck() {
    if (broker.isStopped()) {
      return null;
    }
    Message<byte[]> result = null;
    boolean freed = false;
    lock.lock();
    try {
      if (!delayed.isEmpty()) {
        promoteDue(System.nanoTime());
      }
      long now = System.currentTimeMillis();
      Entry e;
      while ((e = ready.poll()) != null) {
        drop(e);
        freed = true;
        if (!e.isExpired(now)) {
          acknowledged++;
          result = e.message;
          break;
        }
      }
    } finally {
      lock.unlock();
    }
    if (freed) {
      roomFreed();
    }
    return result;
  }

  /** Wakes every waiting consumer, so each looks again. */
  void wakeConsumers() {
    lock.lock();
    try {
      wakeAll();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: the entry leaves the queue without being delivered again. */
  private void drop(Entry e) {
    held--;
    if (ready.release(e)) {
      wakeOne();
    }
  }

  private void addDelayed(Entry e) {
    delayed.add(e);
    if (delayed.peek() == e) {
      // Sleeping consumers must shorten their sleep to this entry's time.
      wakeAll();
    }
  }

  private void promoteDue(long nowNanos) {
    Entry e;
    while ((e = delayed.peek()) != null && e.visibleAtNanos - nowNanos <= 0L) {
      delayed.poll();
      if (e.returning) {
        e.returning = false;
        ready.putBack(e);
      } else {
        ready.offer(e);
      }
    }
  }

  private void leaveWaiters(InMemoryInbound c) {
    if (c.waiting) {
      c.waiting = false;
      waiters.remove(c);
    }
  }

  private void wakeOne() {
    InMemoryInbound c = waiters.pollFirst();
    if (c != null) {
      c.waiting = false;
      c.wakeWaiter();
    }
  }

  private void wakeAll() {
    InMemoryInbound c;
    while ((c = waiters.pollFirst()) != null) {
      c.waiting = false;
      c.wakeWaiter();
    }
  }

  private void roomFreed() {
    if (onRoomFreed != null) {
      onRoomFreed.run();
    }
  }

  private static void link(InMemoryInbound c, InMemoryDelivery d) {
    InMemoryDelivery tail = c.inFlightTail;
    d.previous = tail;
    if (tail == null) {
      c.inFlightHead = d;
    } else {
      tail.next = d;
    }
    c.inFlightTail = d;
  }

  private static void unlink(InMemoryInbound c, InMemoryDelivery d) {
    InMemoryDelivery p = d.previous;
    InMemoryDelivery n = d.next;
    if (p == null) {
      c.inFlightHead = n;
    } else {
      p.next = n;
    }
    if (n == null) {
      c.inFlightTail = p;
    } else {
      n.previous = p;
    }
    d.previous = null;
    d.next = null;
  }

  @Override
  public String toString() {
    return description;
  }
}
