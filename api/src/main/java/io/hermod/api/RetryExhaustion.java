package io.hermod.api;

/**
 * What happens to a message whose delivery attempts are used up on a channel without a dead-letter
 * channel.
 *
 * @since 0.1
 */
public enum RetryExhaustion {
  /** Acknowledge and drop it, logging a warning with its id and the last error. */
  DROP,
  /**
   * Stop the subscription (it is paused and the message stays on the broker) so an operator can
   * look before anything is lost.
   */
  STOP
}
