package io.hermod.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.examples.BillingListener;
import io.hermod.examples.OrderEvents;
import io.hermod.examples.OrderPlaced;
import io.hermod.examples.OrderResult;
import io.hermod.examples.OrderService;
import io.hermod.examples.PaymentProcessor;
import io.hermod.examples.ShippingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

/** The Spring Boot order service on the in-memory binding (its {@code application.yaml}). */
@SpringBootTest
class OrderServiceApplicationTest {

  @Autowired OrderService orders;
  @Autowired OrderEvents events;
  @Autowired BillingListener billing;
  @Autowired ShippingListener shipping;
  @Autowired PaymentProcessor payments;
  @Autowired HealthEndpoint health;

  @Test
  void ordersAreChargedInvoicedAndShippedOnce() throws InterruptedException {
    OrderResult eu = orders.placeOrder("alice", "eu", "lamp", 2);
    OrderResult rejected = orders.placeOrder("carol", "eu", "piano", 2);
    orders.resendPayment(eu.orderId());
    assertThat(eu.accepted()).isTrue();
    assertThat(rejected.accepted()).isFalse();
    assertThat(billing.await(1, Duration.ofSeconds(20))).isTrue();
    assertThat(shipping.await(1, Duration.ofSeconds(20))).isTrue();
    assertThat(payments.await(1, Duration.ofSeconds(20))).isTrue();
    assertThat(payments.chargesFor(eu.orderId())).isEqualTo(1);
    assertThat(health.healthForPath("hermod").getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void theInjectedClientInterfaceSends() {
    OrderPlaced event = new OrderPlaced("order-x", "dave", "us", "book", 1, 1_500L);
    assertThat(events.placed(event, event.routingKey(), "dave")).isNotNull();
  }
}
