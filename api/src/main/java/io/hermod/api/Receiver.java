package io.hermod.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Pulls messages from a channel on the caller's thread ("the consumer polls the queue"). Each
 * pulled delivery must be settled with {@link PulledDelivery#ack()} or {@code nack}. Holds at most
 * its prefetch of unsettled messages. Thread-safe.
 *
 * @param <T> the payload type
 * @since 0.1
 */
public interface Receiver<T> extends AutoCloseable {

  /**
   * Waits up to {@code timeout} for one message.
   *
   * @param timeout the longest wait
   * @return the delivery, or empty after the timeout, never {@code null}
   */
  Optional<PulledDelivery<T>> receive(Duration timeout);

  /**
   * Waits up to {@code maxWait} for up to {@code maxSize} messages, returning early once {@code
   * maxSize} are there.
   *
   * @param maxSize the most messages returned, {@code >= 1}
   * @param maxWait the longest wait
   * @return between 0 and {@code maxSize} deliveries, never {@code null}
   */
  List<PulledDelivery<T>> receiveBatch(int maxSize, Duration maxWait);

  /** Stops receiving; unsettled deliveries are returned to the broker. Idempotent. */
  @Override
  void close();
}
