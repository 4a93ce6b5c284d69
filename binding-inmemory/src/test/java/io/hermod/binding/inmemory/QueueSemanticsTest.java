package io.hermod.binding.inmemory;

import static io.hermod.binding.inmemory.SpiHarness.await;
import static io.hermod.binding.inmemory.SpiHarness.msg;
import static io.hermod.binding.inmemory.SpiHarness.sendOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelFullException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.inmemory.internal.BrokerClient;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueSemanticsTest {

  private final SpiHarness h = new SpiHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static ChannelSpec.Builder queue(String name) {
    return ChannelSpec.queue(name).durability(Durability.MEMORY);
  }

  @Test
  void competingConsumersOfSeparateBindingsShareEveryMessageOnce() {
    ChannelSpec q = queue("compete").build();
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Recorder r = Recorder.acking();
      recorders.add(r);
      h.consume(h.binding(), q, "workers", 8, r);
    }
    Binding sender = h.binding();
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      batch.add(msg("m" + i));
    }
    SpiHarness.sendAll(sender, q, batch);
    await("all 5000", () -> recorders.stream().mapToInt(Recorder::count).sum() >= 5_000);
    Set<String> seen = new HashSet<>();
    for (Recorder r : recorders) {
      for (InboundDelivery d : r.deliveries) {
        assertThat(seen.add(d.message().id())).as("delivered twice: %s", d).isTrue();
      }
    }
    assertThat(seen).hasSize(5_000);
  }

  @Test
  void aNackRedeliversWithTheCountIncremented() {
    ChannelSpec q = queue("nack").build();
    Binding b = h.binding();
    Recorder r =
        Recorder.with(
            d -> {
              if (d.deliveryCount() < 3) {
                d.nack(Duration.ZERO);
              } else {
                d.ack();
              }
            });
    h.consume(b, q, "s", 10, r);
    sendOne(b, q, msg("x"));
    await("three deliveries", () -> r.count() == 3);
    assertThat(r.deliveries).extracting(InboundDelivery::deliveryCount).containsExactly(1, 2, 3);
  }

  @Test
  void aNackWithADelayIsNotRedeliveredBeforeIt() {
    ChannelSpec q = queue("nack-delay").build();
    Binding b = h.binding();
    Map<Integer, Long> at = new ConcurrentHashMap<>();
    Recorder r =
        Recorder.with(
            d -> {
              at.put(d.deliveryCount(), System.nanoTime());
              if (d.deliveryCount() == 1) {
                d.nack(Duration.ofMillis(300));
              } else {
                d.ack();
              }
            });
    h.consume(b, q, "s", 10, r);
    sendOne(b, q, msg("x"));
    await("the redelivery", () -> r.count() == 2);
    assertThat(at.get(2) - at.get(1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
  }

  @Test
  void prefetchBoundsUnsettledDeliveriesAndOthersGetTheRest() {
    ChannelSpec q = queue("prefetch").build();
    Recorder holder = Recorder.holding();
    h.consume(h.binding(), q, "s", 5, holder);
    Binding sender = h.binding();
    for (int i = 0; i < 20; i++) {
      sendOne(sender, q, msg("m" + i));
    }
    await("five held", () -> holder.count() == 5);
    SpiHarness.pause(Duration.ofMillis(100));
    assertThat(holder.count()).isEqualTo(5);
    Recorder other = Recorder.acking();
    h.consume(h.binding(), q, "s", 100, other);
    await("the other 15", () -> other.count() == 15);
    // Settling one frees one unit of prefetch.
    holder.deliveries.get(0).ack();
    assertThat(holder.count()).isEqualTo(5);
  }

  @Test
  void closeReturnsUnsettledDeliveriesToOtherConsumersAndIgnoresLateSettlement() {
    ChannelSpec q = queue("close-returns").build();
    Recorder holder = Recorder.holding();
    Inbound first = h.consume(h.binding(), q, "s", 10, holder);
    Binding sender = h.binding();
    for (int i = 0; i < 10; i++) {
      sendOne(sender, q, msg("m" + i));
    }
    await("ten held", () -> holder.count() == 10);
    first.close();
    holder.deliveries.get(0).ack(); // ignored: already returned
    Recorder second = Recorder.acking();
    h.consume(h.binding(), q, "s", 10, second);
    await("ten redelivered", () -> second.count() == 10);
    assertThat(second.bodies()).containsExactly(holder.bodies().toArray(String[]::new));
    assertThat(second.deliveries).allMatch(d -> d.deliveryCount() == 2);
  }

  @Test
  void pauseStopsHandingOutAndResumeContinues() {
    ChannelSpec q = queue("pause").build();
    Recorder r = Recorder.acking();
    Binding b = h.binding();
    Inbound in = h.consume(b, q, "s", 10, r);
    sendOne(b, q, msg("before"));
    await("the first", () -> r.count() == 1);
    in.pause();
    for (int i = 0; i < 5; i++) {
      sendOne(b, q, msg("during" + i));
    }
    SpiHarness.pause(Duration.ofMillis(200));
    assertThat(r.count()).isEqualTo(1);
    in.resume();
    await("the rest", () -> r.count() == 6);
  }

  @Test
  void expiredMessagesAreNeverDelivered() {
    ChannelSpec q = queue("ttl").build();
    Binding b = h.binding();
    sendOne(b, q, Message.builder(new byte[] {1}).expiresAt(Instant.now().minusSeconds(1)).build());
    sendOne(b, q, Message.builder(new byte[] {2}).expiresAt(Instant.now().plusMillis(50)).build());
    SpiHarness.pause(Duration.ofMillis(100));
    sendOne(b, q, Message.builder(new byte[] {3}).expiresAt(Instant.now().plusSeconds(60)).build());
    Recorder r = Recorder.acking();
    h.consume(b, q, "s", 10, r);
    await("the live one", () -> r.count() == 1);
    SpiHarness.pause(Duration.ofMillis(100));
    assertThat(r.deliveries).extracting(d -> d.message().payload()[0]).containsExactly((byte) 3);
  }

  @Test
  void aDelayedMessageIsInvisibleBeforeItsTime() {
    ChannelSpec q = queue("delay").build();
    Binding b = h.binding();
    Recorder r = Recorder.acking();
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    h.consume(
        b,
        q,
        "s",
        10,
        Recorder.with(
            d -> {
              arrived.put(SpiHarness.body(d), System.currentTimeMillis());
              r.onDelivery(d);
            }));
    Instant at = Instant.now().plusMillis(300);
    sendOne(
        b,
        q,
        Message.builder("late".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .deliverAt(at)
            .build());
    sendOne(b, q, msg("now"));
    await("both", () -> r.count() == 2);
    assertThat(r.bodies()).containsExactlyInAnyOrder("now", "late");
    assertThat(arrived.get("late")).isGreaterThanOrEqualTo(at.toEpochMilli() - 2);
  }

  @Test
  void exactlyOnceChannelsDropDuplicateIdsWithinTheWindowButStillConfirmThem() {
    ChannelSpec q = queue("dedup").guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    Binding b = h.binding();
    Message<byte[]> m = msg("once");
    Receipt first = sendOne(b, q, m);
    Receipt again = sendOne(h.binding(), q, m);
    sendOne(b, q, msg("other"));
    assertThat(again.brokerReference()).isEqualTo(first.brokerReference());
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      assertThat(client.depth("dedup")).isEqualTo(2);
    }
  }

  @Test
  void anIdIsAcceptedAgainOnceItLeftTheDedupWindow() {
    ChannelSpec q =
        queue("dedup-window")
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .dedupWindow(Duration.ofMillis(100))
            .build();
    Binding b = h.binding();
    Message<byte[]> m = msg("again");
    Receipt first = sendOne(b, q, m);
    SpiHarness.pause(Duration.ofMillis(150));
    Receipt again = sendOne(b, q, m);
    assertThat(again.brokerReference()).isNotEqualTo(first.brokerReference());
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      assertThat(client.depth("dedup-window")).isEqualTo(2);
    }
  }

  @Test
  void atLeastOnceChannelsDoNotDeduplicate() {
    ChannelSpec q = queue("no-dedup").build();
    Binding b = h.binding();
    Message<byte[]> m = msg("twice");
    sendOne(b, q, m);
    sendOne(b, q, m);
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      assertThat(client.depth("no-dedup")).isEqualTo(2);
    }
  }

  @Test
  void aFullBoundedQueueRejects() throws Exception {
    ChannelSpec q = queue("bounded-reject").maxLength(3, OverflowPolicy.REJECT).build();
    Binding b = h.binding();
    List<CompletableFuture<Receipt>> fs =
        b.outbound(q).send(List.of(msg("1"), msg("2"), msg("3"), msg("4")));
    for (int i = 0; i < 3; i++) {
      assertThat(fs.get(i).get(1, TimeUnit.SECONDS)).isNotNull();
    }
    assertThatThrownBy(() -> fs.get(3).get(1, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ChannelFullException.class)
        .hasMessageContaining("maxLength of 3")
        .hasMessageContaining("channel=bounded-reject");
    // Room comes back once a message is consumed and acked.
    Recorder r = Recorder.acking();
    Inbound in = h.consume(b, q, "s", 1, r);
    await("one consumed", () -> r.count() >= 1);
    in.pause();
    await(
        "room",
        () -> {
          try {
            b.outbound(q).send(List.of(msg("5"))).get(0).get(1, TimeUnit.SECONDS);
            return true;
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void aFullBoundedBlockingQueueWaitsForRoom() throws Exception {
    ChannelSpec q = queue("bounded-block").maxLength(2, OverflowPolicy.BLOCK).build();
    Binding b = h.binding(Map.of(), Duration.ofSeconds(30));
    List<CompletableFuture<Receipt>> fs = b.outbound(q).send(List.of(msg("1"), msg("2"), msg("3")));
    assertThat(fs.get(0).get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(fs.get(1).get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(fs.get(2)).isNotDone();
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      assertThat(client.receive("bounded-block", Duration.ofSeconds(1))).isPresent();
    }
    assertThat(fs.get(2).get(30, TimeUnit.SECONDS).messageId()).isNotEmpty();
  }

  @Test
  void aBlockedSendFailsAfterTheSendTimeout() {
    ChannelSpec q = queue("bounded-timeout").maxLength(1, OverflowPolicy.BLOCK).build();
    Binding b = h.binding(Map.of(), Duration.ofMillis(200));
    sendOne(b, q, msg("fills it"));
    CompletableFuture<Receipt> blocked = b.outbound(q).send(List.of(msg("waits"))).get(0);
    assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(MessagingTimeoutException.class)
        .hasMessageContaining("stayed full")
        .hasMessageContaining("hermod.send-timeout");
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      assertThat(client.depth("bounded-timeout")).isEqualTo(1);
    }
  }

  @Test
  void aQueueConsumerWithAFilterOnlyGetsWhatItSelects() {
    ChannelSpec q = queue("queue-filter").build();
    Binding b = h.binding();
    Recorder r = Recorder.acking();
    h.consume(b, q, SpiHarness.sub("s", Filter.routingKey("a.*"), 10, StartPosition.LATEST), r);
    sendOne(b, q, Message.builder(new byte[] {1}).routingKey("b.x").build());
    sendOne(b, q, Message.builder(new byte[] {2}).routingKey("a.x").build());
    await("the selected", () -> r.count() == 1);
    assertThat(r.deliveries.get(0).message().routingKey()).isEqualTo("a.x");
  }
}
