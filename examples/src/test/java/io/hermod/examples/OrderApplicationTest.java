package io.hermod.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.Messaging;
import io.hermod.binding.artemis.ArtemisFixture;
import io.hermod.binding.kafka.KafkaFixture;
import io.hermod.binding.rabbitmq.RabbitMqFixture;
import io.hermod.binding.sqs.SqsFixture;
import io.hermod.core.Hermod;
import io.hermod.examples.ShippingListener.Shipment;
import io.hermod.tck.BrokerFixture;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the one order application, unchanged, against the real broker of every binding (the
 * bindings' own test fixtures). Only the configuration map differs between the runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderApplicationTest {

  /** Generous: ElasticMQ and a freshly started Kafka are slow on a loaded 2-core machine. */
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private final Map<String, BrokerFixture> fixtures = new LinkedHashMap<>();

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"inmemory", "artemis", "kafka", "sqs", "rabbitmq"})
  @DisplayName("the same order service checks stock, charges once, invoices and ships")
  void runsUnchangedOn(String binding) throws Exception {
    BrokerFixture fixture = fixture(binding);
    try (Messaging messaging = Hermod.builder().config(fixture.config()).build();
        OrderApplication app = OrderApplication.start(messaging)) {
      assertThat(messaging.bindingName()).isEqualTo(binding);
      OrderService orders = app.orders();

      // Request/reply: the inventory answers each order over the inventory queue.
      OrderResult lamps = orders.placeOrder("alice", "eu", "lamp", 2);
      OrderResult books = orders.placeOrder("bob", "us", "book", 3);
      OrderResult piano = orders.placeOrder("carol", "eu", "piano", 2);
      OrderResult book = orders.placeOrder("alice", "eu", "book", 1);
      assertThat(lamps).isEqualTo(new OrderResult(lamps.orderId(), true, 8_000));
      assertThat(books).isEqualTo(new OrderResult(books.orderId(), true, 4_500));
      assertThat(piano).isEqualTo(new OrderResult(piano.orderId(), false, 0));
      assertThat(book).isEqualTo(new OrderResult(book.orderId(), true, 1_500));
      assertThat(app.inventory().unitsLeft("lamp")).isEqualTo(8);
      assertThat(app.inventory().unitsLeft("piano")).isEqualTo(1);

      // A retried charge keeps its message id; then one more of alice's orders. The payments
      // queue keeps alice's order, so once that last charge is processed the duplicate has been
      // seen (and dropped) already.
      orders.resendPayment(lamps.orderId());
      OrderResult last = orders.placeOrder("alice", "us", "book", 2);
      assertThat(last.accepted()).isTrue();

      List<String> accepted =
          List.of(lamps.orderId(), books.orderId(), book.orderId(), last.orderId());
      await()
          .atMost(DEADLINE)
          .untilAsserted(
              () -> {
                assertThat(app.payments().chargesFor(last.orderId())).isEqualTo(1);
                assertThat(app.billing().invoices()).containsOnlyKeys(accepted);
                assertThat(app.shipping().shipments()).hasSize(2);
              });

      // Exactly-once: every accepted order charged once, the resent one included.
      assertThat(app.payments().charges())
          .extracting(PaymentRequest::orderId)
          .containsExactlyInAnyOrderElementsOf(accepted);
      // Pub/sub with wildcards: billing sees every region.
      assertThat(app.billing().invoices())
          .containsEntry(lamps.orderId(), 8_000L)
          .containsEntry(last.orderId(), 3_000L);
      // Routed pub/sub: the EU warehouse ships only EU orders, with the key as the customer.
      assertThat(app.shipping().shipments())
          .containsExactlyInAnyOrder(
              new Shipment(lamps.orderId(), "alice", "lamp", 2),
              new Shipment(book.orderId(), "alice", "book", 1));
    }
  }

  @Test
  @DisplayName("main reads hermod.properties (the in-memory binding) and runs the demo")
  void mainRunsFromConfiguration() throws Exception {
    OrderApplication.main(new String[0]);
  }

  /** Each broker starts once, on first use, and is stopped after the last test. */
  private BrokerFixture fixture(String binding) throws Exception {
    BrokerFixture f = fixtures.get(binding);
    if (f == null) {
      f =
          switch (binding) {
            case "inmemory" -> inMemoryFixture();
            case "artemis" -> ArtemisFixture.shared();
            case "kafka" -> new KafkaFixture();
            case "sqs" -> SqsFixture.shared();
            case "rabbitmq" -> RabbitMqFixture.shared();
            default -> throw new IllegalArgumentException("no fixture for binding " + binding);
          };
      f.start();
      fixtures.put(binding, f);
    }
    return f;
  }

  /** The in-memory binding keeps its fixture package-private; it has a no-argument constructor. */
  private static BrokerFixture inMemoryFixture() throws ReflectiveOperationException {
    Constructor<?> c =
        Class.forName("io.hermod.binding.inmemory.InMemoryFixture").getDeclaredConstructor();
    c.setAccessible(true);
    return (BrokerFixture) c.newInstance();
  }

  @AfterAll
  void stopBrokers() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (BrokerFixture f : fixtures.values()) {
      try {
        f.stop();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
