package io.hermod.binding.sqs.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.SettleOnceDelivery;
import java.time.Duration;

/**
 * One received SQS message handed to core. Settled at most once: the first {@link #ack()} or {@link
 * #nack(Duration)} wins, later ones and those after the consumer closed are ignored. Thread-safe.
 */
final class SqsDelivery extends SettleOnceDelivery {

  private final SqsInbound owner;
  private final String receiptHandle;

  /** When SQS will make the message visible again unless extended, in {@link System#nanoTime()}. */
  private volatile long visibleUntil;

  SqsDelivery(
      SqsInbound owner,
      Message<byte[]> message,
      String receiptHandle,
      int deliveryCount,
      long visibleUntil) {
    super(message, deliveryCount);
    this.owner = owner;
    this.receiptHandle = receiptHandle;
    this.visibleUntil = visibleUntil;
  }

  @Override
  protected void onAck() {
    owner.acked(this);
  }

  @Override
  protected void onNack(Duration redeliverAfter) {
    owner.nacked(this, redeliverAfter);
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
    return "SqsDelivery[" + message().id() + ", count " + deliveryCount() + "]";
  }
}
