package io.hermod.examples;

/**
 * The event announced on the {@code order-events} topic once an order is accepted. Immutable.
 *
 * @param orderId the order's id
 * @param customerId who ordered (the ordering key)
 * @param region where it ships from, such as {@code eu} (part of the routing key)
 * @param sku the product
 * @param quantity how many
 * @param amountCents the total charged, in cents
 * @since 0.1
 */
public record OrderPlaced(
    String orderId, String customerId, String region, String sku, int quantity, long amountCents) {

  /**
   * The routing key this event is published with, {@code orders.<region>.placed}.
   *
   * @return the routing key, never {@code null}
   */
  public String routingKey() {
    return "orders." + region + ".placed";
  }
}
