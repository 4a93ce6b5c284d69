package io.hermod.api;

/**
 * What a channel promises about duplicates and order.
 *
 * @since 0.1
 */
public enum DeliveryGuarantee {
  /**
   * "Standard": nothing accepted is lost, but a message may be delivered more than once and
   * messages may arrive out of order.
   */
  AT_LEAST_ONCE,
  /**
   * "FIFO": ordered per ordering key ({@link Message#key()}), duplicates removed by message id
   * within the deduplication window, and redeliveries of a message already processed are not handed
   * to the handler again.
   */
  EXACTLY_ONCE
}
