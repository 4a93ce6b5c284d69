package io.hermod.spi;

/**
 * Core's side of an inbound endpoint: receives deliveries. Never blocks (core hands each delivery
 * to the subscription's workers); the binding's own prefetch limit is what bounds memory.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface InboundHandler {

  /**
   * Accepts a delivery. Core settles it later, usually from another thread, or before returning.
   *
   * @param delivery the delivery
   */
  void onDelivery(InboundDelivery delivery);
}
