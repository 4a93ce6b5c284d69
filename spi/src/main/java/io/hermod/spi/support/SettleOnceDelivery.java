package io.hermod.spi.support;

import io.hermod.api.Message;
import io.hermod.spi.InboundDelivery;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link InboundDelivery} that keeps the "settled exactly once" contract for its binding: the
 * first {@link #ack()} or {@link #nack(Duration)} wins and every later call is ignored, from any
 * thread. A negative redelivery delay is treated as zero. Subclasses say what settling means on
 * their broker.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public abstract class SettleOnceDelivery implements InboundDelivery {

  private final Message<byte[]> message;
  private final int deliveryCount;
  private final AtomicBoolean settled = new AtomicBoolean();

  /**
   * Creates a delivery.
   *
   * @param message the message as it came off the broker
   * @param deliveryCount how often the broker delivered it, {@code >= 1}
   */
  protected SettleOnceDelivery(Message<byte[]> message, int deliveryCount) {
    this.message = message;
    this.deliveryCount = deliveryCount;
  }

  @Override
  public final Message<byte[]> message() {
    return message;
  }

  @Override
  public final int deliveryCount() {
    return deliveryCount;
  }

  @Override
  public final void ack() {
    if (settled.compareAndSet(false, true)) {
      onAck();
    }
  }

  @Override
  public final void nack(Duration redeliverAfter) {
    if (settled.compareAndSet(false, true)) {
      onNack(redeliverAfter.isNegative() ? Duration.ZERO : redeliverAfter);
    }
  }

  /**
   * Gives the message back in its place ({@link InboundDelivery#release()}); the first settlement
   * wins as with {@link #ack()} and {@link #nack(Duration)}.
   */
  @Override
  public final void release() {
    if (settled.compareAndSet(false, true)) {
      onRelease();
    }
  }

  /**
   * Marks the delivery settled without acking or nacking it, for a consumer that is closing and
   * returns its unsettled messages to the broker by other means.
   *
   * @return {@code true} if it was still unsettled
   */
  public final boolean abandon() {
    return settled.compareAndSet(false, true);
  }

  /**
   * Whether the delivery was settled (or abandoned).
   *
   * @return {@code true} once settled
   */
  public final boolean isSettled() {
    return settled.get();
  }

  /** Settles the message as processed on the broker; called at most once. */
  protected abstract void onAck();

  /**
   * Returns the message to the broker; called at most once.
   *
   * @param redeliverAfter the minimum delay, never negative
   */
  protected abstract void onNack(Duration redeliverAfter);

  /**
   * Gives the message back in its place; called at most once. The default nacks it with no delay; a
   * broker whose nack appends a copy at the tail overrides this to leave the message
   * unacknowledged, for the consumer's close to return it where it was.
   *
   * @since 0.2
   */
  protected void onRelease() {
    onNack(Duration.ZERO);
  }
}
