package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * One message in one queue (a topic gives each subscription its own entry), with the state the
 * queue keeps about it. Mutable fields are guarded by the owning {@link MessageQueue}'s lock.
 */
final class Entry {

  /** Orders delayed entries by visibility, then by arrival. */
  static final Comparator<Entry> BY_VISIBILITY =
      Comparator.<Entry>comparingLong(e -> e.visibleAtNanos).thenComparingLong(e -> e.sequence);

  final Message<byte[]> message;
  final long sequence;

  /** The ordering key on ordered queues, {@code null} when unordered or keyless. */
  final @Nullable String orderingKey;

  /** Expiry as epoch millis, {@link Long#MAX_VALUE} when the message never expires. */
  final long expiresAtMillis;

  /** The delivery count of the next hand-out: 1, then one more per return. */
  int deliveryCount = 1;

  /** While delayed: {@link System#nanoTime()} at which the entry becomes visible. */
  long visibleAtNanos;

  /** Whether the entry waits in the delayed heap after a nack (its key stays held). */
  boolean returning;

  Entry(Message<byte[]> message, long sequence, @Nullable String orderingKey) {
    this.message = message;
    this.sequence = sequence;
    this.orderingKey = orderingKey;
    this.expiresAtMillis =
        message.expiresAt() == null ? Long.MAX_VALUE : message.expiresAt().toEpochMilli();
  }

  boolean isExpired(long nowMillis) {
    return expiresAtMillis <= nowMillis;
  }
}
