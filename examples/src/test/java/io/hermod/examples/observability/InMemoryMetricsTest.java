package io.hermod.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.Receipt;
import io.hermod.api.Requester;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.Hermod;
import io.hermod.micrometer.HermodMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** End to end: core and the in-memory broker report, the observer's meters count exactly. */
class InMemoryMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  // Its own broker per test, so no test sees another's channels.
  private final Messaging messaging =
      Hermod.builder()
          .binding("inmemory")
          .property("hermod.inmemory.broker", "metrics-" + UUID.randomUUID())
          .observer(HermodMetrics.observer(registry))
          .build();

  @AfterEach
  void close() {
    messaging.close();
  }

  private Search meter(String name, String channel) {
    return registry
        .find(name)
        .tag("hermod.binding", "inmemory")
        .tag("messaging.system", "inmemory")
        .tag("messaging.destination.name", channel);
  }

  private double count(String name, String channel, String... tags) {
    // Cost meters come from the binding, which names its channel but not the messaging system.
    Search search =
        name.startsWith("hermod.broker.")
            ? registry
                .find(name)
                .tag("hermod.binding", "inmemory")
                .tag("messaging.destination.name", channel)
                .tags(tags)
            : meter(name, channel).tags(tags);
    return search.counter() != null ? search.counter().count() : 0;
  }

  private long timed(String name, String channel, String errorType) {
    Search search = meter(name, channel).tag("error.type", errorType);
    return search.timer() != null ? search.timer().count() : 0;
  }

  private void sendAll(String channel, int n) {
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    List<CompletableFuture<Receipt>> sends = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sends.add(publisher.send("m" + i).toCompletableFuture());
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  @DisplayName("N sent and N processed count N, under the semantic conventions' names")
  void sentAndProcessed() {
    messaging.declare(ChannelSpec.queue("orders").build());
    int n = 25;
    sendAll("orders", n);
    // The send is counted when the broker confirms, before the caller sees its receipt.
    assertThat(count("messaging.client.sent.messages", "orders", "error.type", "none"))
        .isEqualTo(n);
    assertThat(timed("messaging.client.operation.duration", "orders", "none")).isEqualTo(n);

    messaging.subscribe("orders", String.class, SubscriptionOptions.named("billing"), d -> {});

    await().atMost(WAIT).until(() -> timed("messaging.process.duration", "orders", "none") == n);
    assertThat(
            count(
                "messaging.client.consumed.messages",
                "orders",
                "messaging.consumer.group.name",
                "billing"))
        .isEqualTo(n);
    assertThat(count("hermod.consumer.redeliveries", "orders")).isZero();
  }

  @Test
  @DisplayName("a handler failing once per message counts one redelivery per message")
  void redeliveries() {
    messaging.declare(
        ChannelSpec.queue("flaky").maxDeliveryAttempts(3).backoff(Backoff.none()).build());
    messaging.subscribe(
        "flaky",
        String.class,
        SubscriptionOptions.named("s"),
        d -> {
          if (d.attempt() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
        });
    int k = 7;
    sendAll("flaky", k);

    await().atMost(WAIT).until(() -> timed("messaging.process.duration", "flaky", "none") == k);
    assertThat(count("hermod.consumer.redeliveries", "flaky")).isEqualTo(k);
    assertThat(timed("messaging.process.duration", "flaky", "java.lang.IllegalStateException"))
        .isEqualTo(k);
    assertThat(count("messaging.client.consumed.messages", "flaky")).isEqualTo(2 * k);
    assertThat(count("hermod.consumer.dead.lettered", "flaky")).isZero();
  }

  @Test
  @DisplayName("exhausted messages count as dead-lettered with reason exhausted")
  void deadLettered() {
    messaging.declare(
        ChannelSpec.queue("poison")
            .maxDeliveryAttempts(2)
            .backoff(Backoff.none())
            .deadLetter(true)
            .build());
    messaging.subscribe(
        "poison",
        String.class,
        SubscriptionOptions.named("s"),
        d -> {
          throw new IllegalArgumentException("never");
        });
    int d = 4;
    sendAll("poison", d);

    await()
        .atMost(WAIT)
        .until(
            () ->
                count(
                        "hermod.consumer.dead.lettered",
                        "poison",
                        "hermod.dead_letter.reason",
                        "exhausted")
                    == d);
    assertThat(count("hermod.consumer.redeliveries", "poison")).isEqualTo(d);
    assertThat(timed("messaging.process.duration", "poison", "java.lang.IllegalArgumentException"))
        .isEqualTo(2 * d);
    // The dead-letter sends are sends too, to the dead-letter channel.
    assertThat(count("messaging.client.sent.messages", "poison.dlq", "error.type", "none"))
        .isEqualTo(d);
  }

  @Test
  @DisplayName("RPC requests are counted and timed; one without a responder counts a timeout")
  void rpc() throws Exception {
    messaging.declare(ChannelSpec.queue("quotes").build());
    messaging.declare(ChannelSpec.queue("nobody").build());
    messaging.respond(
        "quotes",
        String.class,
        String.class,
        SubscriptionOptions.named("pricing"),
        q -> "price of " + q.payload());
    Requester<String, String> quotes =
        messaging.requester("quotes", String.class, String.class, WAIT);
    for (int i = 0; i < 3; i++) {
      assertThat(quotes.request("x" + i).toCompletableFuture().get(20, TimeUnit.SECONDS))
          .isEqualTo("price of x" + i);
    }
    Requester<String, String> nobody =
        messaging.requester("nobody", String.class, String.class, Duration.ofMillis(200));
    assertThatThrownBy(() -> nobody.request("y").toCompletableFuture().get(20, TimeUnit.SECONDS))
        .isNotNull();

    await().atMost(WAIT).until(() -> timed("hermod.rpc.duration", "quotes", "none") == 3);
    assertThat(count("hermod.rpc.requests", "quotes")).isEqualTo(3);
    assertThat(count("hermod.rpc.timeouts", "quotes")).isZero();
    await().atMost(WAIT).until(() -> count("hermod.rpc.timeouts", "nobody") == 1);
    assertThat(timed("hermod.rpc.duration", "nobody", "timeout")).isEqualTo(1);
  }

  @Test
  @DisplayName("a batch of 25 is one broker request; the backlog gauge reads it and drains to 0")
  void costAndBacklog() throws Exception {
    messaging.declare(ChannelSpec.queue("cost").build());
    List<Message<String>> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      batch.add(Message.of("m" + i));
    }
    messaging
        .publisher("cost", String.class)
        .sendAll(batch)
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    assertThat(count("hermod.broker.requests", "cost", "hermod.broker.operation", "send"))
        .isEqualTo(1);
    assertThat(count("hermod.broker.billed.requests", "cost", "hermod.broker.operation", "send"))
        .isEqualTo(1);
    assertThat(count("hermod.broker.bytes", "cost", "hermod.broker.operation", "send"))
        .isPositive();

    CountDownLatch release = new CountDownLatch(1);
    try {
      messaging.subscribe(
          "cost",
          String.class,
          SubscriptionOptions.builder().name("s").concurrency(1).prefetch(1).build(),
          d -> release.await());
      Gauge backlog =
          meter("hermod.broker.backlog", "cost").tag("messaging.consumer.group.name", "s").gauge();
      Gauge brokerInFlight =
          meter("hermod.broker.inflight", "cost").tag("messaging.consumer.group.name", "s").gauge();
      assertThat(backlog).isNotNull();
      assertThat(brokerInFlight).isNotNull();
      // The handler holds one delivery, so most of the 25 are still waiting.
      await().atMost(WAIT).until(() -> backlog.value() >= 20);
    } finally {
      release.countDown();
    }

    await().atMost(WAIT).until(() -> timed("messaging.process.duration", "cost", "none") == 25);
    Gauge backlog = meter("hermod.broker.backlog", "cost").gauge();
    Gauge brokerInFlight = meter("hermod.broker.inflight", "cost").gauge();
    await().atMost(WAIT).until(() -> backlog.value() == 0 && brokerInFlight.value() == 0);
    assertThat(count("hermod.broker.requests", "cost", "hermod.broker.operation", "receive"))
        .isPositive();
  }

  @Test
  @DisplayName("the circuit breaker starts closed")
  void circuit() {
    assertThat(
            registry
                .get("hermod.circuit.state")
                .tags("hermod.binding", "inmemory", "state", "closed")
                .gauge()
                .value())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("closing the facade removes every gauge it registered")
  void closedRemovesGauges() {
    messaging.declare(ChannelSpec.queue("orders").build());
    messaging.subscribe("orders", String.class, SubscriptionOptions.named("billing"), d -> {});
    sendAll("orders", 3);
    await().atMost(WAIT).until(() -> timed("messaging.process.duration", "orders", "none") == 3);
    assertThat(gauges())
        .extracting(m -> m.getId().getName())
        .contains(
            "hermod.broker.backlog",
            "hermod.broker.inflight",
            "hermod.consumer.inflight",
            "hermod.circuit.state");

    messaging.close();

    assertThat(gauges()).isEmpty();
    // Counts survive: a counter holds nothing of the closed facade.
    assertThat(count("messaging.client.sent.messages", "orders", "error.type", "none"))
        .isEqualTo(3);
  }

  private List<Meter> gauges() {
    return registry.getMeters().stream().filter(m -> m instanceof Gauge).toList();
  }
}
