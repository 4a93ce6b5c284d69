package io.hermod.api;

import java.time.Duration;

/**
 * A delivery taken with {@link Receiver#receive(Duration)}; the caller settles it explicitly.
 *
 * <p>Exactly one of {@link #ack()} or {@code nack} takes effect; later calls are ignored.
 * Thread-safe.
 *
 * @param <T> the payload type
 * @since 0.1
 */
public interface PulledDelivery<T> extends Delivery<T> {

  /** Marks the message processed; the broker will not deliver it again. */
  void ack();

  /** Returns the message for redelivery after the channel's backoff. */
  void nack();

  /**
   * Returns the message for redelivery no sooner than {@code delay} from now.
   *
   * @param delay the minimum delay
   */
  void nack(Duration delay);
}
