package io.hermod.binding.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.binding.inmemory.internal.BrokerClient;
import io.hermod.spi.Binding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryBindingTest {

  private final SpiHarness h = new SpiHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void isFoundByNameAndDeclaresItsCapabilities() {
    Binding b = h.binding();
    assertThat(SpiHarness.provider().artifact()).isEqualTo("io.hermod:hermod-binding-inmemory");
    assertThat(b.capabilities().supported())
        .containsExactlyInAnyOrder(
            Capability.ORDERED,
            Capability.EXACTLY_ONCE,
            Capability.DEAD_LETTER,
            Capability.TTL,
            Capability.DELAY,
            Capability.BOUNDED,
            Capability.LIMITS,
            Capability.REPLAY,
            Capability.BATCH,
            Capability.PAUSE,
            Capability.HEALTH,
            Capability.BROKER_FILTERING,
            Capability.NATIVE_DEDUP);
    assertThat(b.capabilities().maxPayloadBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void reportsEveryInvalidSettingAtOnceNamingTheKey() {
    assertThatThrownBy(
            () ->
                SpiHarness.create(
                    SpiHarness.context(
                        Map.of(
                            "max-payload-bytes", "big",
                            "topic-retention", "-1",
                            "brokr", "x"),
                        Duration.ofSeconds(1))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.inmemory.max-payload-bytes must be a whole number, was 'big'")
        .hasMessageContaining("hermod.inmemory.topic-retention must be between 0 and")
        .hasMessageContaining(
            "unknown key hermod.inmemory.brokr; did you mean hermod.inmemory.broker?");
  }

  @Test
  void createRecordsBadValuesInsteadOfThrowingSoCoreReportsThemAll() {
    var context =
        SpiHarness.context(
            Map.of("broker", "no spaces", "max-payload-bytes", "0"), Duration.ofSeconds(1));
    SpiHarness.provider().create(context);
    assertThat(context.settings().problems())
        .anySatisfy(p -> assertThat(p).startsWith("hermod.inmemory.broker must be 1-100 letters"))
        .anySatisfy(p -> assertThat(p).startsWith("hermod.inmemory.max-payload-bytes must be"));
  }

  @Test
  void bindingsWithTheSameBrokerNameShareMessages() {
    ChannelSpec q = queue("shared");
    Binding sender = h.binding();
    Binding receiver = h.binding();
    Recorder r = Recorder.acking();
    h.consume(receiver, q, "any", 10, r);
    SpiHarness.sendOne(sender, q, SpiHarness.msg("hello"));
    SpiHarness.await("the message", () -> r.count() == 1);
    assertThat(r.bodies()).containsExactly("hello");
    assertThat(r.deliveries.get(0).deliveryCount()).isEqualTo(1);
  }

  @Test
  void keepsEveryAttributeOfTheMessage() {
    ChannelSpec q = queue("attrs");
    Binding b = h.binding();
    Recorder r = Recorder.acking();
    h.consume(b, q, "any", 10, r);
    Message<byte[]> m =
        Message.builder(new byte[] {1, 2, 3})
            .key("k")
            .routingKey("a.b")
            .header("h", "v")
            .contentType("application/x")
            .correlationId("c")
            .replyTo("r")
            .subject("s")
            .build();
    var receipt = SpiHarness.sendOne(b, q, m);
    assertThat(receipt.messageId()).isEqualTo(m.id());
    assertThat(receipt.channel()).isEqualTo("attrs");
    assertThat(receipt.binding()).isEqualTo("inmemory");
    SpiHarness.await("the message", () -> r.count() == 1);
    assertThat(r.deliveries.get(0).message()).isEqualTo(m);
  }

  @Test
  void rejectsAPayloadOverTheMaximumBeforeTheBroker() throws Exception {
    Binding b = h.binding(Map.of("max-payload-bytes", "10"), Duration.ofSeconds(1));
    ChannelSpec q = queue("limits");
    List<CompletableFuture<io.hermod.api.Receipt>> fs =
        b.outbound(q)
            .send(
                List.of(
                    Message.builder(new byte[10]).build(), Message.builder(new byte[11]).build()));
    assertThat(fs.get(0).get().messageId()).isNotEmpty();
    assertThatThrownBy(() -> fs.get(1).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("11 bytes")
        .hasMessageContaining("hermod.inmemory.max-payload-bytes");
    assertThat(b.capabilities().maxPayloadBytes()).isEqualTo(10);
  }

  @Test
  void healthIsUpWhileOpenAndDownAfterCloseAndSendsThenFail() {
    Binding b = h.binding();
    ChannelSpec q = queue("health");
    var out = b.outbound(q);
    assertThat(b.health().isUp()).isTrue();
    b.close();
    assertThat(b.health().isUp()).isFalse();
    assertThatThrownBy(() -> out.send(List.of(SpiHarness.msg("x"))).get(0).get())
        .cause()
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aSimulatedOutageFailsSendsHoldsDeliveriesAndKeepsMessages() {
    ChannelSpec q = queue("outage");
    Binding b = h.binding();
    Recorder r = Recorder.acking();
    h.consume(b, q, "s", 10, r);
    SpiHarness.sendOne(b, q, SpiHarness.msg("before"));
    SpiHarness.await("the first", () -> r.count() == 1);
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      Binding other = h.binding();
      SpiHarness.sendOne(other, q, SpiHarness.msg("kept"));
      // Stop right after, so the consumer may or may not have it yet; either way it is kept.
      client.stopBroker();
      assertThat(b.health().isUp()).isFalse();
      assertThat(b.health().detail()).contains("stopped");
      assertThatThrownBy(() -> b.outbound(q).send(List.of(SpiHarness.msg("x"))).get(0).get())
          .cause()
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("simulated outage");
      assertThatThrownBy(() -> h.binding())
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("stopped");
      client.startBroker();
      assertThat(b.health().isUp()).isTrue();
      SpiHarness.sendOne(b, q, SpiHarness.msg("after"));
      SpiHarness.await("all three", () -> r.count() == 3);
      assertThat(r.bodies()).containsExactly("before", "kept", "after");
    }
  }

  @Test
  void closingABindingStopsItsDispatcherThreads() {
    Binding b = h.binding();
    ChannelSpec q = queue("threads");
    for (int i = 0; i < 3; i++) {
      h.consume(b, q, "s", 10, Recorder.acking());
    }
    assertThat(threads()).isGreaterThanOrEqualTo(3);
    b.close();
    SpiHarness.await("dispatchers stopped", () -> threads() == 0);
  }

  private long threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("hermod-inmemory-" + h.brokerName))
        .filter(Thread::isAlive)
        .count();
  }

  @Test
  void aChannelNameCannotBeBothQueueAndTopic() {
    Binding b = h.binding();
    b.provision(queue("kind"));
    assertThatThrownBy(
            () -> b.provision(ChannelSpec.topic("kind").durability(Durability.MEMORY).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already has it as a QUEUE");
  }

  static ChannelSpec queue(String name) {
    return ChannelSpec.queue(name).durability(Durability.MEMORY).build();
  }
}
