package io.hermod.examples;

import io.hermod.api.Key;
import io.hermod.api.Publishes;
import io.hermod.api.Receipt;
import io.hermod.api.RoutingKey;

/**
 * The typed client of the {@code order-events} topic, obtained with {@code
 * messaging.client(OrderEvents.class)}. The proxy is thread-safe.
 *
 * @since 0.1
 */
@Publishes(channel = OrderApplication.ORDER_EVENTS)
public interface OrderEvents {

  /**
   * Announces an accepted order, blocking until the broker confirms it.
   *
   * @param event the event
   * @param routingKey {@code orders.<region>.placed}
   * @param customerId the ordering key
   * @return the broker's confirmation, never {@code null}
   */
  Receipt placed(OrderPlaced event, @RoutingKey String routingKey, @Key String customerId);
}
