package io.hermod.examples;

import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Receipt;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order service: reserves stock through the inventory (RPC), charges the customer (the
 * exactly-once {@code payments} queue) and announces the order ({@code order-events} topic, routing
 * key {@code orders.<region>.placed}). Written against typed client proxies only. Thread-safe.
 *
 * @since 0.1
 */
public final class OrderService {

  private final Inventory inventory;
  private final Payments payments;
  private final OrderEvents events;
  private final Map<String, Message<PaymentRequest>> sentPayments = new ConcurrentHashMap<>();

  /**
   * An order service using the channels {@link OrderApplication#declareChannels} declared.
   *
   * @param messaging the facade to send through
   */
  public OrderService(Messaging messaging) {
    this.inventory = messaging.client(Inventory.class);
    this.payments = messaging.client(Payments.class);
    this.events = messaging.client(OrderEvents.class);
  }

  /**
   * Places an order: reserves the stock, then charges and announces it.
   *
   * @param customerId who orders
   * @param region where it ships from, such as {@code eu} or {@code us}
   * @param sku the product
   * @param quantity how many
   * @return the outcome, never {@code null}; rejected when the stock is short
   */
  public OrderResult placeOrder(String customerId, String region, String sku, int quantity) {
    String orderId = "order-" + UUID.randomUUID();
    StockReply stock = inventory.reserve(new StockQuery(sku, quantity));
    if (!stock.available()) {
      return new OrderResult(orderId, false, 0);
    }
    long amount = stock.unitPriceCents() * quantity;
    // The message id is derived from the order, so a retried charge is recognised as a duplicate.
    Message<PaymentRequest> payment =
        Message.builder(new PaymentRequest(orderId, customerId, amount))
            .id("payment-" + orderId)
            .key(customerId)
            .build();
    sentPayments.put(orderId, payment);
    payments.charge(payment);
    OrderPlaced event = new OrderPlaced(orderId, customerId, region, sku, quantity, amount);
    events.placed(event, event.routingKey(), customerId);
    return new OrderResult(orderId, true, amount);
  }

  /**
   * Sends an order's charge again, as a client does when it is unsure the first send arrived (a
   * lost confirmation). The payment keeps its message id, so it is not charged twice.
   *
   * @param orderId an accepted order
   * @return the broker's confirmation of the repeated send, never {@code null}
   * @throws IllegalArgumentException if this service did not accept that order
   */
  public Receipt resendPayment(String orderId) {
    Message<PaymentRequest> payment = sentPayments.get(orderId);
    if (payment == null) {
      throw new IllegalArgumentException(
          "no accepted order " + orderId + " to resend the payment of");
    }
    return payments.charge(payment);
  }
}
