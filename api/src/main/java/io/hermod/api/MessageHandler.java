package io.hermod.api;

/**
 * Processes one delivery of a push subscription. Returning normally acknowledges the message;
 * throwing returns it for redelivery after the channel's backoff, and after the last attempt
 * dead-letters it.
 *
 * <p>Called from Hermod's worker threads, at most {@code concurrency} at a time per subscription,
 * and never concurrently for two messages of the same key on an ordered channel.
 *
 * @param <T> the payload type
 * @since 0.1
 */
@FunctionalInterface
public interface MessageHandler<T> {

  /**
   * Handles a delivery.
   *
   * @param delivery the delivery
   * @throws Exception to have the message redelivered
   */
  void handle(Delivery<T> delivery) throws Exception;
}
