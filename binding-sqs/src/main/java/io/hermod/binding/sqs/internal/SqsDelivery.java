package io.hermod.binding.sqs.internal;

import io.hermod.api.Message;
import io.hermod.spi.InboundDelivery;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One received SQS message handed to core. Settled at most once: the first {@link #ack()} or
 * {@link #nack(Duration)} wins, later ones and those after the consumer closed are ignored.
 * Thread-safe.
 */
final class SqsDelivery implements InboundDelivery {

  private final SqsInbound owner;
  private final Message<byte[]> message;
  private final String receiptHandle;
  private final int deliveryCount;
  private final AtomicBoolean settled = new AtomicBoolean();
  /** When SQS will make the message visible again unless extended, in {@link System#nanoTime()}. */
  private volatile long visibleUntil;

  SqsDelivery(
      SqsInbound owner,
      Message<byte[]> message,
      String receiptHandle,
      int deliveryCount,
      long visibleUntil) {
    this.owner = owner;
    this.message = message;
    this.receiptHandle = receiptHandle;
    this.deliveryCount = deliveryCount;
    this.visibleUntil = visibleUntil;
  }

  @Override
  public Message<byte[]> message() {
    return message;
  }

  @Override
  public int deliveryCount() {
    return deliveryCount;
  }

  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      owner.acked(this);
    }
  }

  @Override
  public void nack(Duration redeliverAfter) {
    if (settled.compareAndSet(false, true)) {
      owner.nacked(this, redeliverAfter.isNegative() ? Duration.ZERO : redeliverAfter);
    }
  }

  /**
   * Marks the delivery settled without telling the owner, when the consumer closes.
   *
   * @return {@code true} if it was still unsettled
   */
  boolean abandon() {
    return settled.compareAndSet(false, true);
  }

  String receiptHandle() {
    return receiptHandle;
  }

  long visibleUntil() {
    return visibleUntil;
  }

  void visibleUntil(long nanos) {
    this.visibleUntil = nanos;
  }

  @Override
  public String toString() {
    return "SqsDelivery[" + message.id() + ", count " + deliveryCount + "]";
  }
}
