package io.hermod.examples.spring;

import io.hermod.api.Messaging;
import io.hermod.api.Subscription;
import io.hermod.examples.BillingListener;
import io.hermod.examples.InventoryService;
import io.hermod.examples.OrderEvents;
import io.hermod.examples.OrderService;
import io.hermod.examples.PaymentProcessor;
import io.hermod.examples.ShippingListener;
import io.hermod.spring.boot.autoconfigure.EnableHermodClients;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The order service on Spring Boot. The channels are declared in {@code application.yaml} with
 * Hermod's own keys; the listeners are plain beans whose {@code @MessageListener} methods start
 * with the context; the client interfaces ({@code OrderEvents}, {@code Payments}, {@code
 * Inventory}) are injectable beans. Run it with {@code --spring.profiles.active=artemis} for a
 * broker at {@code tcp://localhost:61616}.
 *
 * @since 0.4
 */
@SpringBootApplication
@EnableHermodClients(basePackageClasses = OrderEvents.class)
public class OrderServiceApplication {

  /** Spring makes it. */
  public OrderServiceApplication() {}

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, such as {@code --hermod.binding=artemis}
   */
  public static void main(String[] args) {
    SpringApplication.run(OrderServiceApplication.class, args);
  }

  @Bean
  BillingListener billing() {
    return new BillingListener();
  }

  @Bean
  ShippingListener shipping() {
    return new ShippingListener();
  }

  @Bean
  PaymentProcessor payments() {
    return new PaymentProcessor();
  }

  @Bean
  InventoryService inventory() {
    return new InventoryService(
        Map.of("book", 100, "lamp", 10, "piano", 1),
        Map.of("book", 1_500L, "lamp", 4_000L, "piano", 350_000L));
  }

  /** The inventory's RPC responder, closed with the context before the facade. */
  @Bean(destroyMethod = "close")
  Subscription inventoryResponder(InventoryService inventory, Messaging messaging) {
    return inventory.start(messaging);
  }

  @Bean
  OrderService orders(Messaging messaging) {
    return new OrderService(messaging);
  }
}
