package io.hermod.examples;

import io.hermod.api.MessageListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Billing: raises an invoice for every placed order in every region ({@code orders.*.placed} on the
 * {@code order-events} topic, subscription {@code billing}). Activated by {@code
 * messaging.register(billing)}. Thread-safe.
 *
 * @since 0.1
 */
public final class BillingListener {

  private final Received<OrderPlaced> orders = new Received<>();

  /**
   * Raises the invoice of a placed order.
   *
   * @param event the order
   */
  @MessageListener(
      channel = OrderApplication.ORDER_EVENTS,
      subscription = "billing",
      filter = "orders.*.placed")
  public void onOrderPlaced(OrderPlaced event) {
    orders.add(event);
  }

  /**
   * The invoices raised so far; a redelivered event replaces its own invoice.
   *
   * @return order id to amount in cents, in arrival order, a snapshot, never {@code null}
   */
  public Map<String, Long> invoices() {
    Map<String, Long> invoices = new LinkedHashMap<>();
    orders.snapshot().forEach(o -> invoices.put(o.orderId(), o.amountCents()));
    return invoices;
  }

  /**
   * Waits until at least {@code count} orders were invoiced.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return whether they arrived in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(int count, Duration timeout) throws InterruptedException {
    return orders.await(count, timeout);
  }
}
