package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.kafka.KafkaBroker;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.tck.Deadlines;
import io.hermod.tck.RecordedTraffic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumer lag as statistics, and the requests counted per channel, against the real broker. */
class KafkaStatisticsAndTrafficTest {

  private static final int N = 20;
  private static KafkaBroker broker;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final RecordedTraffic traffic = new RecordedTraffic();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private Binding binding() {
    BindingContext plain =
        SpiBindings.context(Map.of("bootstrap-servers", broker.bootstrapServers()));
    return SpiBindings.started(
        new BindingContext(
            plain.bindingName(),
            plain.settings(),
            plain.sendTimeout(),
            plain.connectTimeout(),
            plain.instanceId(),
            traffic),
        resources);
  }

  private static String name(String what) {
    return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static SubscriptionSpec sub(String name) {
    return new SubscriptionSpec(name, Filter.none(), 16, StartPosition.LATEST);
  }

  /** Sends N messages in one call; returns their payload bytes. */
  private static long sendAll(Binding b, ChannelSpec channel) throws Exception {
    List<Message<byte[]>> batch = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < N; i++) {
      byte[] payload = ("payload-" + i).getBytes(StandardCharsets.UTF_8);
      bytes += payload.length;
      batch.add(Message.builder(payload).id("id-" + i).build());
    }
    for (CompletableFuture<Receipt> r : b.outbound(channel).send(batch)) {
      r.get(30, TimeUnit.SECONDS);
    }
    return bytes;
  }

  private static ChannelStatistics awaitStatistics(
      Binding b, ChannelSpec channel, SubscriptionSpec sub, Predicate<ChannelStatistics> until) {
    ChannelStatistics[] last = {null};
    Deadlines.await(
        "statistics of " + channel.name(),
        () -> until.test(last[0] = b.statistics(channel, sub)),
        () -> String.valueOf(last[0]));
    return last[0];
  }

  @Test
  void theBacklogOfASubscriptionIsItsGroupsLagAndDrainsToZero() throws Exception {
    Binding b = binding();
    ChannelSpec topic = ChannelSpec.topic(name("lag")).build();
    SubscriptionSpec sub = sub("s");
    b.provision(topic);
    b.provisionSubscription(topic, sub);
    ChannelStatistics empty = b.statistics(topic, sub);
    assertThat(empty.waiting()).hasValue(0);
    assertThat(empty.inFlight()).isEmpty(); // Kafka cannot tell: unknown, not zero

    sendAll(b, topic);
    ChannelStatistics full = awaitStatistics(b, topic, sub, s -> s.waiting().orElse(-1) == N);
    assertThat(full.enqueued()).hasValue(N);
    assertThat(full.acknowledged()).hasValue(0);
    assertThat(full.inFlight()).isEmpty();

    Set<String> got = ConcurrentHashMap.newKeySet();
    resources.add(
        b.inbound(
            topic,
            sub,
            d -> {
              got.add(d.message().id());
              d.ack();
            }));
    ChannelStatistics drained = awaitStatistics(b, topic, sub, s -> s.waiting().orElse(-1) == 0);
    assertThat(got).hasSize(N);
    assertThat(drained.acknowledged()).hasValue(N);
    assertThat(drained.enqueued()).hasValue(N);
  }

  @Test
  void aQueueThatNobodyConsumedYetCountsEveryRecordAsWaiting() throws Exception {
    Binding b = binding();
    ChannelSpec queue = ChannelSpec.queue(name("q")).build();
    SubscriptionSpec sub = sub("workers");
    b.provision(queue);
    sendAll(b, queue);
    // The group has no committed offset yet: its consumers will read from the earliest record.
    ChannelStatistics s = awaitStatistics(b, queue, sub, x -> x.waiting().orElse(-1) == N);
    assertThat(s.acknowledged()).hasValue(0);
  }

  @Test
  void sendsFetchesCommitsAndStatisticsAreCountedOnTheirChannel() throws Exception {
    Binding b = binding();
    ChannelSpec topic = ChannelSpec.topic(name("cost")).build();
    SubscriptionSpec sub = sub("s");
    b.provision(topic);
    b.provisionSubscription(topic, sub);
    long payloadBytes = sendAll(b, topic);
    String t = topic.name();
    Deadlines.await(
        "the sends' bytes counted",
        () -> traffic.bytes(t, BrokerOperation.SEND) >= payloadBytes,
        traffic::toString);
    // The producer batched the 20 sends: at least one request, not one per message.
    assertThat(traffic.requests(t, BrokerOperation.SEND)).isBetween(1L, (long) N);
    assertThat(traffic.billed(t, BrokerOperation.SEND))
        .isEqualTo(traffic.requests(t, BrokerOperation.SEND));

    Set<String> got = ConcurrentHashMap.newKeySet();
    resources.add(
        b.inbound(
            topic,
            sub,
            d -> {
              got.add(d.message().id());
              d.ack();
            }));
    Deadlines.await(
        "fetches and commits counted",
        () ->
            got.size() == N
                && traffic.bytes(t, BrokerOperation.RECEIVE) >= payloadBytes
                && traffic.requests(t, BrokerOperation.SETTLE) >= 1,
        traffic::toString);
    assertThat(traffic.requests(t, BrokerOperation.RECEIVE)).isPositive();

    b.statistics(topic, sub);
    assertThat(traffic.requests(t, BrokerOperation.OTHER)).isPositive();
    // Nothing is counted under another name than the channel's.
    assertThat(traffic.toString()).doesNotContain("__consumer_offsets");
  }

  @Test
  void messagingSystemIsKafka() {
    assertThat(
            SpiBindings.create(SpiBindings.context(Map.of("bootstrap-servers", "x:1")))
                .messagingSystem("kafka"))
        .isEqualTo("kafka");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety net against hanging, not a speed check
  void statisticsFailWithAClearErrorWhenTheBrokerIsDown() throws Exception {
    Binding b = binding();
    ChannelSpec topic = ChannelSpec.topic(name("down")).build();
    SubscriptionSpec sub = sub("s");
    b.provision(topic);
    b.provisionSubscription(topic, sub);
    b.statistics(topic, sub);
    broker.kill();
    try {
      assertThatThrownBy(() -> b.statistics(topic, sub))
          .isInstanceOf(MessagingException.class)
          .hasMessageContaining(topic.name())
          .hasMessageContaining("did not answer in time");
    } finally {
      broker.start();
    }
  }

  @Test
  void statisticsOfAStoppedBindingFail() {
    Binding b = SpiBindings.create(SpiBindings.context(Map.of("bootstrap-servers", "x:1")));
    assertThatThrownBy(() -> b.statistics(ChannelSpec.queue("q").build(), sub("s")))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("not started");
  }
}
