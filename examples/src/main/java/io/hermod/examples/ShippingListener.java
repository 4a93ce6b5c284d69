package io.hermod.examples;

import io.hermod.api.Key;
import io.hermod.api.MessageListener;
import java.time.Duration;
import java.util.List;

/**
 * The EU warehouse: ships only orders placed in the EU ({@code orders.eu.placed} on the {@code
 * order-events} topic, subscription {@code shipping-eu}); the broker or core filters out the rest.
 * Activated by {@code messaging.register(shipping)}. Thread-safe.
 *
 * @since 0.1
 */
public final class ShippingListener {

  private final Received<Shipment> shipments = new Received<>();

  /**
   * A parcel scheduled for shipping. Immutable.
   *
   * @param orderId the order shipped
   * @param customerId who receives it
   * @param sku the product
   * @param quantity how many
   */
  public record Shipment(String orderId, String customerId, String sku, int quantity) {}

  /**
   * Schedules the shipment of an EU order.
   *
   * @param event the order
   * @param customerId the message's ordering key
   */
  @MessageListener(
      channel = OrderApplication.ORDER_EVENTS,
      subscription = "shipping-eu",
      filter = "orders.eu.placed")
  public void onEuOrder(OrderPlaced event, @Key String customerId) {
    shipments.add(new Shipment(event.orderId(), customerId, event.sku(), event.quantity()));
  }

  /**
   * The shipments scheduled so far.
   *
   * @return a snapshot in arrival order, never {@code null}
   */
  public List<Shipment> shipments() {
    return shipments.snapshot();
  }

  /**
   * Waits until at least {@code count} shipments were scheduled.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return whether they arrived in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(int count, Duration timeout) throws InterruptedException {
    return shipments.await(count, timeout);
  }
}
