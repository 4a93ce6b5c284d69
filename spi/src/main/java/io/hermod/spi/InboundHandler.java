package io.hermod.spi;

/**
 * Core's side of an inbound endpoint: receives deliveries. Never blocks, unless the binding
 * declares {@link Binding#dedicatedDeliveryThreads()}, when it may run the application's handler;
 * the binding's own prefetch limit is what bounds memory.
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
