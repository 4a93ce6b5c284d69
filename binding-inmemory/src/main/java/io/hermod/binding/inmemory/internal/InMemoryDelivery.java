package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.spi.InboundDelivery;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One hand-out of an entry to a consumer. Thread-safe: the first settlement (ack, nack, or the
 * consumer's close returning it) wins and every later one is ignored.
 */
final class InMemoryDelivery implements InboundDelivery {

  private static final AtomicIntegerFieldUpdater<InMemoryDelivery> SETTLED =
      AtomicIntegerFieldUpdater.newUpdater(InMemoryDelivery.class, "settled");

  final Entry entry;
  final InMemoryInbound consumer;
  private final int deliveryCount;
  private volatile int settled;

  /** The consumer's in-flight list, guarded by the queue's lock. */
  @Nullable InMemoryDelivery previous;

  @Nullable InMemoryDelivery next;

  InMemoryDelivery(Entry entry, InMemoryInbound consumer) {
    this.entry = entry;
    this.consumer = consumer;
    this.deliveryCount = entry.deliveryCount;
  }

  @Override
  public Message<byte[]> message() {
    return entry.message;
  }

  @Override
  public int deliveryCount() {
    return deliveryCount;
  }

  @Override
  public void ack() {
    if (trySettle()) {
      consumer.settle(this, true, 0L);
    }
  }

  @Override
  public void nack(Duration redeliverAfter) {
    Objects.requireNonNull(redeliverAfter, "redeliverAfter");
    if (trySettle()) {
      long nanos = redeliverAfter.isNegative() ? 0L : Timeouts.saturatedNanos(redeliverAfter);
      consumer.settle(this, false, nanos);
    }
  }

  /**
   * Claims the settlement.
   *
   * @return {@code true} for the first caller only
   */
  boolean trySettle() {
    return SETTLED.compareAndSet(this, 0, 1);
  }

  boolean isSettled() {
    return settled != 0;
  }

  @Override
  public String toString() {
    return "InMemoryDelivery[id=" + entry.message.id() + ", count=" + deliveryCount + "]";
  }
}
