package io.hermod.binding.inmemory;

import static io.hermod.spi.observation.BrokerOperation.OTHER;
import static io.hermod.spi.observation.BrokerOperation.RECEIVE;
import static io.hermod.spi.observation.BrokerOperation.SEND;
import static io.hermod.spi.observation.BrokerOperation.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConnectionException;
import io.hermod.api.Durability;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.StartPosition;
import io.hermod.binding.inmemory.internal.BrokerClient;
import io.hermod.spi.Binding;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.tck.RecordedTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Broker statistics and cost metering of the in-memory binding, through the SPI. */
class InMemoryStatisticsTest {

  private final SpiHarness h = new SpiHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static ChannelSpec queue(String name) {
    return ChannelSpec.queue(name).durability(Durability.MEMORY).build();
  }

  private static SubscriptionSpec sub(String name) {
    return SpiHarness.sub(name, Filter.none(), 100, StartPosition.LATEST);
  }

  private static List<Message<byte[]>> messages(int n) {
    List<Message<byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(SpiHarness.msg("m" + i));
    }
    return out;
  }

  @Test
  void aQueueTellsItsExactBacklogInFlightAndCounters() {
    ChannelSpec q = queue("stats");
    Binding b = h.binding();
    b.provision(q);
    SpiHarness.sendAll(b, q, messages(7));

    assertThat(b.statistics(q, sub("s"))).isEqualTo(stats(7, 0, 7, 0));

    Recorder held = Recorder.holding();
    h.consume(b, q, "s", 5, held);
    SpiHarness.await("the prefetch filled", () -> held.count() == 5);
    assertThat(b.statistics(q, sub("s"))).isEqualTo(stats(2, 5, 7, 0));

    List<InboundDelivery> first = new ArrayList<>(held.deliveries);
    first.forEach(InboundDelivery::ack);
    SpiHarness.await("the rest delivered", () -> held.count() == 7);
    held.deliveries.subList(5, 7).forEach(InboundDelivery::ack);

    assertThat(b.statistics(q, sub("s"))).isEqualTo(stats(0, 0, 7, 7));
  }

  @Test
  void aNackedMessageWaitsAgainAndIsNotCountedAsAcknowledged() {
    ChannelSpec q = queue("nacked");
    Binding b = h.binding();
    b.provision(q);
    SpiHarness.sendOne(b, q, SpiHarness.msg("once"));
    Recorder held = Recorder.holding();
    var in = h.consume(b, q, "s", 1, held);
    SpiHarness.await("delivered", () -> held.count() == 1);
    in.pause();
    held.deliveries.get(0).nack(Duration.ofHours(1));

    assertThat(b.statistics(q, sub("s"))).isEqualTo(stats(1, 0, 1, 0));
  }

  @Test
  void aTopicSubscriptionTellsItsOwnQueueAndAnUnknownOneNothing() {
    ChannelSpec t = ChannelSpec.topic("stats-topic").durability(Durability.MEMORY).build();
    Binding b = h.binding();
    b.provision(t);
    b.provisionSubscription(t, sub("a"));
    SpiHarness.sendAll(b, t, messages(3));

    assertThat(b.statistics(t, sub("a"))).isEqualTo(stats(3, 0, 3, 0));
    ChannelStatistics unknown = b.statistics(t, sub("never-provisioned"));
    assertThat(unknown.waiting()).isEmpty();
    assertThat(unknown.inFlight()).isEmpty();
    assertThat(unknown.enqueued()).isEmpty();
    assertThat(unknown.acknowledged()).isEmpty();
    assertThat(b.statistics(queue("no-such-channel"), sub("s")))
        .isEqualTo(ChannelStatistics.unknown());

    h.consume(b, t, sub("a"), Recorder.acking());
    SpiHarness.await(
        "the backlog drained",
        () -> b.statistics(t, sub("a")).acknowledged().equals(OptionalLong.of(3)));
    assertThat(b.statistics(t, sub("a"))).isEqualTo(stats(0, 0, 3, 3));
  }

  @Test
  void statisticsOfAStoppedBrokerFailAtOnceNamingTheOutage() {
    ChannelSpec q = queue("stats-outage");
    Binding b = h.binding();
    b.provision(q);
    try (BrokerClient client = BrokerClient.of(h.brokerName)) {
      client.stopBroker();
      try {
        assertThatThrownBy(() -> b.statistics(q, sub("s")))
            .isInstanceOf(ConnectionException.class)
            .hasMessageContaining("stopped")
            .hasMessageContaining("statistics");
      } finally {
        client.startBroker();
      }
    }
  }

  @Test
  void trafficCountsOneSendRequestPerCallAndOneSettlementPerAck() {
    RecordedTraffic traffic = new RecordedTraffic();
    ChannelSpec q = queue("metered");
    Binding b = h.binding(traffic);
    b.provision(q);

    List<Message<byte[]>> batch = messages(25);
    SpiHarness.sendAll(b, q, batch);
    Message<byte[]> withHeader =
        Message.builder("xyz".getBytes(StandardCharsets.UTF_8)).header("h", "é").build();
    SpiHarness.sendOne(b, q, withHeader);
    SpiHarness.sendOne(b, q, SpiHarness.msg("last"));

    long payloads = batch.stream().mapToLong(m -> m.payload().length).sum();
    // "xyz" and the header: 'h' is one byte, 'é' two in UTF-8.
    long expectedBytes = payloads + 3 + 1 + 2 + 4;
    assertThat(traffic.requests("metered", SEND)).isEqualTo(3);
    assertThat(traffic.billed("metered", SEND)).isEqualTo(3);
    assertThat(traffic.bytes("metered", SEND)).isEqualTo(expectedBytes);

    Recorder r = Recorder.acking();
    h.consume(b, q, "s", 10, r);
    SpiHarness.await("all acked", () -> traffic.requests("metered", SETTLE) == 27);
    assertThat(r.count()).isEqualTo(27);
    // Batches depend on timing; each has at least one message and at most the prefetch.
    assertThat(traffic.requests("metered", RECEIVE)).isBetween(3L, 27L);
    assertThat(traffic.bytes("metered", RECEIVE)).isEqualTo(expectedBytes);
    assertThat(traffic.bytes("metered", SETTLE)).isZero();

    b.statistics(q, sub("s"));
    assertThat(traffic.requests("metered", OTHER)).isEqualTo(1);
    assertThat(traffic.requests("other-channel", SEND)).isZero();
  }

  @Test
  void aSendTheBindingRefusesBeforeTheBrokerIsNoRequest() {
    RecordedTraffic traffic = new RecordedTraffic();
    ChannelSpec q = queue("refused");
    Binding b = h.binding(Map.of("max-payload-bytes", "4"), Duration.ofSeconds(5), traffic);
    b.provision(q);
    assertThat(b.outbound(q).send(List.of(SpiHarness.msg("far too long"))).get(0))
        .isCompletedExceptionally();
    assertThat(traffic.requests("refused", SEND)).isZero();

    // In a batch, only what reached the broker is counted: one request, the small message's bytes.
    b.outbound(q).send(List.of(SpiHarness.msg("far too long"), SpiHarness.msg("ok")));
    assertThat(traffic.requests("refused", SEND)).isEqualTo(1);
    assertThat(traffic.bytes("refused", SEND)).isEqualTo(2);
  }

  private static ChannelStatistics stats(long waiting, long inFlight, long in, long out) {
    return ChannelStatistics.unknown()
        .withWaiting(waiting)
        .withInFlight(inFlight)
        .withEnqueued(in)
        .withAcknowledged(out);
  }
}
