package io.hermod.binding.artemis;

import static io.hermod.binding.artemis.SpiSupport.name;
import static io.hermod.binding.artemis.SpiSupport.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.Receipt;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.tck.RecordedTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Queue counts from the broker's management, and the packets counted per channel. */
class ArtemisStatisticsAndTrafficTest {

  private static final int N = 20;
  private final RecordedTraffic traffic = new RecordedTraffic();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private Binding binding() {
    Binding b =
        SpiSupport.create(ArtemisFixture.shared().config(), Duration.ofSeconds(30), traffic);
    resources.add(b);
    b.start();
    return b;
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
    SpiSupport.await(
        "statistics of " + channel.name(),
        () -> until.test(last[0] = b.statistics(channel, sub)),
        () -> String.valueOf(last[0]));
    return last[0];
  }

  @Test
  void aQueuesBacklogIsItsMessageCountAndDrainsToZero() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("stats")).build();
    SubscriptionSpec sub = sub("workers", Filter.none(), 5);
    b.provision(q);
    assertThat(b.statistics(q, sub).waiting()).hasValue(0);

    sendAll(b, q);
    ChannelStatistics full = awaitStatistics(b, q, sub, s -> s.waiting().orElse(-1) == N);
    assertThat(full.inFlight()).hasValue(0);
    assertThat(full.enqueued()).hasValue(N);
    assertThat(full.acknowledged()).hasValue(0);

    // Holding the deliveries: the broker counts them in flight, not waiting.
    SpiSupport.Collector held = new SpiSupport.Collector(false);
    Inbound in = b.inbound(q, sub, held);
    resources.add(in);
    SpiSupport.await(
        "prefetch held", () -> held.deliveries.size() == 5, () -> held.ids().toString());
    ChannelStatistics holding = awaitStatistics(b, q, sub, s -> s.inFlight().orElse(-1) >= 5);
    assertThat(holding.waiting().getAsLong() + holding.inFlight().getAsLong()).isEqualTo(N);

    held.deliveries.forEach(d -> d.ack());
    SpiSupport.Collector rest = new SpiSupport.Collector(true);
    in.close();
    resources.add(b.inbound(q, sub, rest));
    ChannelStatistics drained =
        awaitStatistics(
            b, q, sub, s -> s.waiting().orElse(-1) == 0 && s.acknowledged().orElse(-1) == N);
    assertThat(drained.inFlight()).hasValue(0);
    assertThat(drained.enqueued()).hasValue(N);
  }

  @Test
  void aTopicSubscriptionsBacklogIsItsQueues() throws Exception {
    Binding b = binding();
    ChannelSpec t = ChannelSpec.topic(name("stats-t")).build();
    SubscriptionSpec one = sub("one", Filter.none(), 10);
    SubscriptionSpec two = sub("two", Filter.none(), 10);
    b.provision(t);
    b.provisionSubscription(t, one);
    b.provisionSubscription(t, two);
    sendAll(b, t);
    awaitStatistics(b, t, one, s -> s.waiting().orElse(-1) == N);
    resources.add(b.inbound(t, one, new SpiSupport.Collector(true)));
    awaitStatistics(b, t, one, s -> s.waiting().orElse(-1) == 0);
    assertThat(b.statistics(t, two).waiting()).hasValue(N);
  }

  @Test
  void sendsAcksAndStatisticsAreCountedExactlyOnTheirChannel() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("cost")).build();
    SubscriptionSpec sub = sub("workers", Filter.none(), 10);
    b.provision(q);
    long payloadBytes = sendAll(b, q);
    String c = q.name();
    assertThat(traffic.requests(c, BrokerOperation.SEND)).isEqualTo(N); // one per JMS send
    assertThat(traffic.billed(c, BrokerOperation.SEND)).isEqualTo(N);
    assertThat(traffic.bytes(c, BrokerOperation.SEND)).isGreaterThan(payloadBytes);

    SpiSupport.Collector got = new SpiSupport.Collector(true);
    resources.add(b.inbound(q, sub, got));
    awaitStatistics(b, q, sub, s -> s.acknowledged().orElse(-1) == N && got.deliveries.size() == N);
    // Pushed within the consumer window: bytes, no requests.
    assertThat(traffic.requests(c, BrokerOperation.RECEIVE)).isZero();
    assertThat(traffic.bytes(c, BrokerOperation.RECEIVE)).isGreaterThan(payloadBytes);
    // One acknowledgement per message, plus a commit per batch of settlements.
    assertThat(traffic.requests(c, BrokerOperation.SETTLE)).isBetween(N + 1L, 2L * N);

    long other = traffic.requests(c, BrokerOperation.OTHER);
    b.statistics(q, sub);
    assertThat(traffic.requests(c, BrokerOperation.OTHER) - other).isEqualTo(4);
  }

  @Test
  void messagingSystemIsActivemq() {
    assertThat(binding().messagingSystem("artemis")).isEqualTo("activemq");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net against hanging, not a speed check
  void statisticsFailWithAClearErrorWhenTheBrokerIsDown() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("down")).build();
    SubscriptionSpec sub = sub("workers", Filter.none(), 10);
    b.provision(q);
    b.statistics(q, sub);
    ArtemisFixture.shared().stopBroker();
    try {
      assertThatThrownBy(() -> b.statistics(q, sub))
          .isInstanceOf(MessagingException.class)
          .hasMessageContaining("reading the statistics of queue '" + q.name() + "'");
    } finally {
      ArtemisFixture.shared().startBroker();
    }
  }
}
