package io.hermod.binding.inmemory;

import static io.hermod.binding.inmemory.SpiHarness.await;
import static io.hermod.binding.inmemory.SpiHarness.sendOne;
import static io.hermod.binding.inmemory.SpiHarness.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelFullException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.StartPosition;
import io.hermod.spi.Binding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicTest {

  private final SpiHarness h = new SpiHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static ChannelSpec topic(String name) {
    return ChannelSpec.topic(name).durability(Durability.MEMORY).build();
  }

  private static Message<byte[]> routed(String routingKey) {
    return Message.builder(routingKey.getBytes(StandardCharsets.UTF_8))
        .routingKey(routingKey)
        .build();
  }

  @Test
  void everySubscriptionGetsACopyAndInstancesOfOneSubscriptionCompete() {
    ChannelSpec t = topic("fanout");
    Recorder a1 = Recorder.acking();
    Recorder a2 = Recorder.acking();
    Recorder b1 = Recorder.acking();
    h.consume(h.binding(), t, "a", 5, a1);
    h.consume(h.binding(), t, "a", 5, a2);
    h.consume(h.binding(), t, "b", 5, b1);
    Binding sender = h.binding();
    SpiHarness.sendAll(
        sender, t, IntStream.range(0, 500).mapToObj(i -> SpiHarness.msg("m" + i)).toList());
    await("a's 500", () -> a1.count() + a2.count() == 500);
    await("b's 500", () -> b1.count() == 500);
    Set<String> both = new HashSet<>();
    a1.deliveries.forEach(d -> both.add(d.message().id()));
    a2.deliveries.forEach(d -> both.add(d.message().id()));
    assertThat(both).as("each of a's messages went to one instance only").hasSize(500);
  }

  @Test
  void theBrokerAppliesRoutingAndHeaderFiltersAtFanOut() {
    ChannelSpec t = topic("filters");
    Binding b = h.binding();
    Recorder errors = Recorder.acking();
    Recorder all = Recorder.acking();
    Recorder created = Recorder.acking();
    Recorder everythingOrders = Recorder.acking();
    Recorder tenant = Recorder.acking();
    h.consume(b, t, sub("errors", Filter.routingKey("error"), 10, StartPosition.LATEST), errors);
    h.consume(b, t, sub("all", Filter.none(), 10, StartPosition.LATEST), all);
    h.consume(
        b,
        t,
        sub("created", Filter.routingKey("orders.*.created"), 10, StartPosition.LATEST),
        created);
    h.consume(
        b,
        t,
        sub("orders", Filter.routingKey("orders.#"), 10, StartPosition.LATEST),
        everythingOrders);
    h.consume(b, t, sub("acme", Filter.header("tenant", "acme"), 10, StartPosition.LATEST), tenant);
    List<String> keys =
        List.of(
            "error",
            "info",
            "orders",
            "orders.eu",
            "orders.eu.created",
            "orders.us.created",
            "orders.eu.created.late",
            "orders.eu.deleted");
    for (String k : keys) {
      sendOne(b, t, routed(k));
    }
    sendOne(b, t, Message.builder(new byte[] {1}).header("tenant", "acme").build());
    sendOne(b, t, Message.builder(new byte[] {2}).header("tenant", "other").build());
    await("all", () -> all.count() == keys.size() + 2);
    await("orders", () -> everythingOrders.count() == 6);
    await("created", () -> created.count() == 2);
    await("errors", () -> errors.count() == 1);
    await("tenant", () -> tenant.count() == 1);
    SpiHarness.pause(Duration.ofMillis(100));
    assertThat(errors.bodies()).containsExactly("error");
    assertThat(created.bodies()).containsExactly("orders.eu.created", "orders.us.created");
    assertThat(everythingOrders.count()).isEqualTo(6);
    assertThat(tenant.deliveries.get(0).message().header("tenant")).isEqualTo("acme");
  }

  @Test
  void aBoundedTopicRejectsWhenASelectingSubscriptionIsFull() throws Exception {
    ChannelSpec t =
        ChannelSpec.topic("bounded-topic")
            .durability(Durability.MEMORY)
            .maxLength(2, OverflowPolicy.REJECT)
            .build();
    Binding b = h.binding();
    b.provision(t);
    b.provisionSubscription(t, sub("only-a", Filter.routingKey("a"), 10, StartPosition.LATEST));
    sendOne(b, t, routed("a"));
    sendOne(b, t, routed("a"));
    // The full subscription does not select "b": no copy would exceed the bound.
    sendOne(b, t, routed("b"));
    var rejected = b.outbound(t).send(List.of(routed("a"))).get(0);
    assertThatThrownBy(rejected::join).cause().isInstanceOf(ChannelFullException.class);
  }

  @Test
  void aProvisionedSubscriptionRetainsWhileNobodyConsumes() {
    ChannelSpec t = topic("retain");
    Binding b = h.binding();
    b.provision(t);
    b.provisionSubscription(t, sub("s", Filter.none(), 10, StartPosition.LATEST));
    sendOne(b, t, SpiHarness.msg("kept"));
    Recorder r = Recorder.acking();
    h.consume(h.binding(), t, "s", 10, r);
    await("the kept message", () -> r.count() == 1);
  }

  @Test
  void aLateSubscriptionMissesEarlierMessagesUnlessItStartsFromTheEarliest() {
    ChannelSpec t = topic("late");
    Binding b = h.binding(Map.of("topic-retention", "3"), Duration.ofSeconds(5));
    b.provision(t);
    for (int i = 0; i < 5; i++) {
      sendOne(b, t, routed("r" + i));
    }
    Recorder latest = Recorder.acking();
    Recorder earliest = Recorder.acking();
    Recorder earliestFiltered = Recorder.acking();
    h.consume(b, t, sub("latest", Filter.none(), 10, StartPosition.LATEST), latest);
    h.consume(b, t, sub("earliest", Filter.none(), 10, StartPosition.EARLIEST), earliest);
    h.consume(
        b,
        t,
        sub("earliest-r4", Filter.routingKey("r4"), 10, StartPosition.EARLIEST),
        earliestFiltered);
    sendOne(b, t, routed("r5"));
    await("earliest's four", () -> earliest.count() == 4);
    await("latest's one", () -> latest.count() == 1);
    await("filtered one", () -> earliestFiltered.count() == 1);
    assertThat(earliest.bodies()).containsExactly("r2", "r3", "r4", "r5");
    assertThat(latest.bodies()).containsExactly("r5");
    assertThat(earliestFiltered.bodies()).containsExactly("r4");
  }
}
