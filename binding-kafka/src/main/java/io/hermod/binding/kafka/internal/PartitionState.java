package io.hermod.binding.kafka.internal;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one consumer knows about one assigned partition: the offsets fetched but not yet done
 * (buffered, in a handler, or awaiting their redelivery copy), from which the committable
 * position follows. Mutated only by the consumer's poll thread, except {@link #handedOver}.
 */
final class PartitionState {

  /** Distinguishes assignments, so settlements from an earlier ownership are ignored. */
  final int epoch;

  /** Deliveries handed to core and not yet acked or nacked; settled from any thread. */
  final AtomicInteger handedOver = new AtomicInteger();

  private final TreeSet<Long> pending = new TreeSet<>();
  private long next = -1;

  PartitionState(int epoch) {
    this.epoch = epoch;
  }

  /** A record was fetched. */
  void fetched(long offset) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
  }

  /** A record is done: acked, skipped, or its redelivery copy is durable. */
  void done(long offset) {
    pending.remove(offset);
  }

  /**
   * The offset to commit: the first record not yet done, or past the last fetched.
   *
   * @return the position, or {@code -1} if nothing was fetched yet
   */
  long committable() {
    return pending.isEmpty() ? next : pending.first();
  }
}
