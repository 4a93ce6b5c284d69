package io.hermod.examples;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Messaging;
import io.hermod.api.Registration;
import io.hermod.api.Subscription;
import io.hermod.core.Hermod;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order-service application: declares its channels, starts the inventory responder and the
 * billing, shipping and payment listeners, and offers the {@link OrderService}. The same code runs
 * on every binding; only configuration picks the broker. Thread-safe; {@link #close()} stops what
 * {@link #start} started but leaves the {@link Messaging} open for its owner.
 *
 * @since 0.1
 */
public final class OrderApplication implements AutoCloseable {

  /** The topic of {@link OrderPlaced} events. */
  public static final String ORDER_EVENTS = "order-events";

  /** The queue of {@link PaymentRequest}s, exactly-once where supported. */
  public static final String PAYMENTS = "payments";

  /** The inventory's RPC queue. */
  public static final String INVENTORY = "inventory";

  private final OrderService orders;
  private final InventoryService inventory;
  private final BillingListener billing;
  private final ShippingListener shipping;
  private final PaymentProcessor payments;
  private final List<AutoCloseable> running;

  private OrderApplication(
      OrderService orders,
      InventoryService inventory,
      BillingListener billing,
      ShippingListener shipping,
      PaymentProcessor payments,
      List<AutoCloseable> running) {
    this.orders = orders;
    this.inventory = inventory;
    this.billing = billing;
    this.shipping = shipping;
    this.payments = payments;
    this.running = running;
  }

  /**
   * Declares the channels and starts every service on {@code messaging}.
   *
   * @param messaging any binding's facade
   * @return the running application, never {@code null}
   */
  public static OrderApplication start(Messaging messaging) {
    declareChannels(messaging);
    InventoryService inventory =
        new InventoryService(
            Map.of("book", 100, "lamp", 10, "piano", 1),
            Map.of("book", 1_500L, "lamp", 4_000L, "piano", 350_000L));
    BillingListener billing = new BillingListener();
    ShippingListener shipping = new ShippingListener();
    PaymentProcessor payments = new PaymentProcessor();
    List<AutoCloseable> running = new ArrayList<>();
    try {
      Subscription responder = inventory.start(messaging);
      running.add(responder);
      Registration billingRegistration = messaging.register(billing);
      running.add(billingRegistration);
      Registration shippingRegistration = messaging.register(shipping);
      running.add(shippingRegistration);
      Registration paymentRegistration = messaging.register(payments);
      running.add(paymentRegistration);
    } catch (RuntimeException e) {
      closeAll(running);
      throw e;
    }
    return new OrderApplication(
        new OrderService(messaging), inventory, billing, shipping, payments, List.copyOf(running));
  }

  /**
   * Declares the application's channels (idempotent). They are persistent, and {@code payments}
   * exactly-once, where the binding can keep that promise; the code asks the binding's capabilities
   * rather than naming a binding.
   *
   * @param messaging the facade to declare them on
   */
  public static void declareChannels(Messaging messaging) {
    DeliveryGuarantee paymentGuarantee =
        messaging.capabilities().supports(Capability.EXACTLY_ONCE)
            ? DeliveryGuarantee.EXACTLY_ONCE
            : DeliveryGuarantee.AT_LEAST_ONCE;
    Durability durability =
        messaging.capabilities().supports(Capability.PERSISTENT)
            ? Durability.PERSISTENT
            : Durability.MEMORY;
    messaging
        .declare(ChannelSpec.topic(ORDER_EVENTS).durability(durability).build())
        .declare(
            ChannelSpec.queue(PAYMENTS).guarantee(paymentGuarantee).durability(durability).build())
        .declare(ChannelSpec.queue(INVENTORY).durability(durability).build());
  }

  /**
   * The order service.
   *
   * @return the service, never {@code null}
   */
  public OrderService orders() {
    return orders;
  }

  /**
   * The inventory service.
   *
   * @return the service, never {@code null}
   */
  public InventoryService inventory() {
    return inventory;
  }

  /**
   * The billing listener.
   *
   * @return the listener, never {@code null}
   */
  public BillingListener billing() {
    return billing;
  }

  /**
   * The EU shipping listener.
   *
   * @return the listener, never {@code null}
   */
  public ShippingListener shipping() {
    return shipping;
  }

  /**
   * The payment processor.
   *
   * @return the processor, never {@code null}
   */
  public PaymentProcessor payments() {
    return payments;
  }

  /** Stops the responder and the listeners. Idempotent. */
  @Override
  public void close() {
    closeAll(running);
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // Keep closing the rest; the facade's own close releases whatever is left.
      }
    }
  }

  /**
   * Runs a short demonstration on whatever broker the configuration names ({@code
   * hermod.properties}, {@code HERMOD_CONFIG}, {@code HERMOD_*} environment variables, {@code
   * hermod.*} system properties): three orders, one rejected, one payment resent.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting for the listeners
   * @throws IllegalStateException if the listeners did not see the orders in time
   */
  public static void main(String[] args) throws InterruptedException {
    try (Messaging messaging = Hermod.fromConfig();
        OrderApplication app = start(messaging)) {
      if (!demo(app, messaging.bindingName(), System.out)) {
        throw new IllegalStateException(
            "the listeners did not receive the demo orders within 60s; is the broker reachable?");
      }
    }
  }

  /**
   * Places the demonstration orders and prints what each service did.
   *
   * @param app the running application
   * @param bindingName the binding, for the narration
   * @param out where to print
   * @return whether every listener saw what it should, in time
   * @throws InterruptedException if interrupted while waiting for the listeners
   */
  static boolean demo(OrderApplication app, String bindingName, PrintStream out)
      throws InterruptedException {
    out.println("order service on binding '" + bindingName + "'");
    OrderResult eu = app.orders().placeOrder("alice", "eu", "lamp", 2);
    OrderResult us = app.orders().placeOrder("bob", "us", "book", 3);
    OrderResult rejected = app.orders().placeOrder("carol", "eu", "piano", 2);
    app.orders().resendPayment(eu.orderId());
    for (OrderResult r : List.of(eu, us, rejected)) {
      String outcome =
          r.accepted() ? "accepted, " + r.amountCents() + " cents" : "rejected: not enough stock";
      out.println("  " + r.orderId() + " " + outcome);
    }
    Duration timeout = Duration.ofSeconds(60);
    // Two accepted orders (one in the EU), each charged once although one charge was sent twice.
    boolean complete =
        app.billing().await(2, timeout)
            && app.shipping().await(1, timeout)
            && app.payments().await(2, timeout);
    out.println("  billing invoiced " + app.billing().invoices());
    out.println("  EU shipping scheduled " + app.shipping().shipments());
    out.println("  payments charged " + app.payments().charges());
    return complete;
  }
}
