package io.hermod.binding.kafka.internal;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one consumer knows about one assigned partition: the offsets fetched but not yet done
 * (buffered, in a handler, released, or awaiting their redelivery copy), from which the committable
 * position follows. Mutated only by the consumer's poll thread, except {@link #handedOver} and the
 * redelivery-copy count, which any thread may change.
 */
final class PartitionState {

  /**
   * Distinguishes assignments, so settlements from an earlier ownership are ignored, and tells the
   * processed-id store that the partition was (re)assigned and must be read again. Unique within
   * one binding.
   */
  final int epoch;

  /** Deliveries handed to core and not yet acked, nacked or released; settled from any thread. */
  final AtomicInteger handedOver = new AtomicInteger();

  private final TreeSet<Long> pending = new TreeSet<>();
  private long next = -1;

  // Guarded by this: whether redelivery copies may still be appended, and how many are on their
  // way to the broker. A copy appended after the partition was committed and given up would be
  // delivered in addition to the original, which the next owner reads again.
  private boolean owned = true;
  private int copying;

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

  /**
   * A redelivery copy is about to be sent.
   *
   * @return {@code false} if the partition is being given up: the copy must not be sent, the next
   *     owner reads the original again
   */
  synchronized boolean beginCopy() {
    if (!owned) {
      return false;
    }
    copying++;
    return true;
  }

  /** A copy begun with {@link #beginCopy()} was appended, or failed. */
  synchronized void endCopy() {
    copying--;
  }

  /**
   * Stops further redelivery copies if none is on its way.
   *
   * @return {@code true} if the partition is now given up with no copy in flight
   */
  synchronized boolean giveUpIfNoCopies() {
    if (copying > 0) {
      return false;
    }
    owned = false;
    return true;
  }

  /** Stops further redelivery copies whatever is on its way (the wait for them is over). */
  synchronized void giveUp() {
    owned = false;
  }
}
