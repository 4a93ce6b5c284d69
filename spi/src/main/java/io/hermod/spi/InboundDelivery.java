package io.hermod.spi;

import io.hermod.api.Message;
import java.time.Duration;

/**
 * One message handed from a binding to core, to be settled exactly once. Thread-safe: core may
 * settle it from any thread.
 *
 * @since 0.1
 */
public interface InboundDelivery {

  /**
   * The message as it came off the broker.
   *
   * @return the message with its raw payload, never {@code null}
   */
  Message<byte[]> message();

  /**
   * How many times the broker has delivered this message, including this time: {@code 1} on first
   * delivery. From the broker where it counts (JMSXDeliveryCount, ApproximateReceiveCount), else
   * tracked by the binding.
   *
   * @return the count, {@code >= 1}
   */
  int deliveryCount();

  /** Settles the message as processed; the broker must not deliver it again. */
  void ack();

  /**
   * Returns the message to the broker, to be delivered again (to any consumer of the subscription)
   * no sooner than {@code redeliverAfter}, with its delivery count incremented.
   *
   * @param redeliverAfter the minimum delay, possibly zero
   */
  void nack(Duration redeliverAfter);

  /**
   * Gives the message back unprocessed, in its place: a consumer that is closing returns the
   * deliveries it buffered but never started this way. On an ordered channel the message must be
   * delivered again before every later message of its key, so a binding whose {@link
   * #nack(Duration)} re-enqueues a copy at the tail overrides this to leave the message
   * unacknowledged instead (the session close returns it where it was; an offset stays
   * uncommitted). The default nacks it with no delay.
   *
   * @since 0.2
   */
  default void release() {
    nack(Duration.ZERO);
  }
}
