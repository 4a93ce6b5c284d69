package io.hermod.spi;

/**
 * Core's side of an inbound endpoint: receives deliveries. Never blocks; the binding's own
 * prefetch limit is what bounds memory.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface InboundHandler {

  /**
   * Accepts a delivery. Core settles it later, from another thread.
   *
   * @param delivery the delivery
   */
  void onDelivery(InboundDelivery delivery);
}
