package io.hermod.binding.sqs.internal;

import static io.hermod.spi.observation.BrokerOperation.OTHER;
import static io.hermod.spi.observation.BrokerOperation.RECEIVE;
import static io.hermod.spi.observation.BrokerOperation.SEND;
import static io.hermod.spi.observation.BrokerOperation.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConnectionException;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.StartPosition;
import io.hermod.binding.sqs.SqsFixture;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.Settings;
import io.hermod.tck.Deadlines;
import io.hermod.tck.RecordedTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queue statistics and cost metering against a real (embedded ElasticMQ) server. */
class SqsStatisticsTest {

  private static final SqsFixture BROKER = SqsFixture.shared();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private Binding binding(BrokerTraffic traffic) {
    String name = SqsBindingProvider.NAME;
    BindingContext context =
        new BindingContext(
            name,
            Settings.of(
                "binding '" + name + "'",
                "hermod." + name + ".",
                BROKER.bindingSettings(),
                new SqsBindingProvider().configKeys()),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            "test",
            traffic);
    Binding b = new SqsBindingProvider().create(context);
    toClose.add(b);
    context.settings().validate();
    b.start();
    return b;
  }

  private String name(String label) {
    return "t-" + run + "-" + label;
  }

  private static SubscriptionSpec sub(String name, int prefetch) {
    return new SubscriptionSpec(name, Filter.none(), prefetch, StartPosition.LATEST);
  }

  private static List<Message<byte[]>> messages(int n) {
    List<Message<byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Message.builder(("m" + i).getBytes(StandardCharsets.UTF_8)).build());
    }
    return out;
  }

  private static void sendAll(Binding b, ChannelSpec ch, List<Message<byte[]>> batch)
      throws Exception {
    for (CompletableFuture<?> f : b.outbound(ch).send(batch)) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitStats(
      Binding b, ChannelSpec ch, SubscriptionSpec s, long waiting, long inFlight) {
    Deadlines.await(
        "waiting " + waiting + " and in flight " + inFlight + " on " + ch.name(),
        Duration.ofSeconds(30),
        () -> {
          ChannelStatistics st = b.statistics(ch, s);
          return st.waiting().equals(OptionalLong.of(waiting))
              && st.inFlight().equals(OptionalLong.of(inFlight));
        },
        () -> "last: " + b.statistics(ch, s));
  }

  @Test
  void namesItsMessagingSystemAsOpenTelemetryDoes() {
    assertThat(binding(BrokerTraffic.NONE).messagingSystem(SqsBindingProvider.NAME))
        .isEqualTo("aws_sqs");
  }

  @Test
  void theBacklogOfAQueueFillsAndDrainsAndCountersStayUnknown() throws Exception {
    Binding b = binding(BrokerTraffic.NONE);
    ChannelSpec ch = ChannelSpec.queue(name("backlog")).build();
    b.provision(ch);
    SubscriptionSpec s = sub("default", 10);
    sendAll(b, ch, messages(6));

    awaitStats(b, ch, s, 6, 0);
    ChannelStatistics st = b.statistics(ch, s);
    assertThat(st.enqueued()).isEmpty();
    assertThat(st.acknowledged()).isEmpty();

    List<InboundDelivery> held = new CopyOnWriteArrayList<>();
    var in = b.inbound(ch, s, held::add);
    toClose.add(in);
    Deadlines.await("all six received", () -> held.size() == 6);
    awaitStats(b, ch, s, 0, 6);

    held.forEach(InboundDelivery::ack);
    awaitStats(b, ch, s, 0, 0);
  }

  @Test
  void aDelayedMessageWaitsToo() throws Exception {
    Binding b = binding(BrokerTraffic.NONE);
    ChannelSpec ch = ChannelSpec.queue(name("delayed")).build();
    b.provision(ch);
    Message<byte[]> later =
        Message.builder("later".getBytes(StandardCharsets.UTF_8))
            .deliverAt(java.time.Instant.now().plus(Duration.ofMinutes(10)))
            .build();
    sendAll(b, ch, List.of(later));
    awaitStats(b, ch, sub("default", 1), 1, 0);
  }

  @Test
  void aTopicSubscriptionTellsItsOwnQueueAndAMissingQueueTellsNothing() throws Exception {
    Binding b = binding(BrokerTraffic.NONE);
    ChannelSpec t = ChannelSpec.topic(name("topic")).build();
    b.provision(t);
    b.provisionSubscription(t, sub("a", 10));
    sendAll(b, t, messages(3));

    awaitStats(b, t, sub("a", 10), 3, 0);
    assertThat(b.statistics(t, sub("never-provisioned", 10)))
        .isEqualTo(ChannelStatistics.unknown());
    assertThat(b.statistics(ChannelSpec.queue(name("no-such-queue")).build(), sub("default", 1)))
        .isEqualTo(ChannelStatistics.unknown());
  }

  @Test
  void statisticsFailWithAConnectionErrorWhileTheEndpointIsDown() {
    Binding b = binding(BrokerTraffic.NONE);
    ChannelSpec ch = ChannelSpec.queue(name("outage")).build();
    b.provision(ch);
    assertThat(b.statistics(ch, sub("default", 1)).waiting()).hasValue(0);
    BROKER.stopBroker();
    try {
      assertThatThrownBy(() -> b.statistics(ch, sub("default", 1)))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("reading the statistics of SQS queue")
          .hasMessageContaining("cannot reach SQS");
    } finally {
      BROKER.startBroker();
    }
  }

  @Test
  void sendsAreCountedPerBatchCallAndBilledPer64KiB() throws Exception {
    RecordedTraffic traffic = new RecordedTraffic();
    Binding b = binding(traffic);
    ChannelSpec ch = ChannelSpec.queue(name("metered")).build();
    String c = ch.name();
    b.provision(ch);

    List<Message<byte[]>> batch = messages(25);
    sendAll(b, ch, batch);
    long bytes = batch.stream().mapToLong(m -> SqsWire.encode(m).size()).sum();
    assertThat(traffic.requests(c, SEND)).as(traffic.toString()).isEqualTo(3);
    assertThat(traffic.billed(c, SEND)).isEqualTo(3);
    assertThat(traffic.bytes(c, SEND)).isEqualTo(bytes);

    // 100,000 bytes of text and its attributes: one call, two 64 KiB chunks.
    Message<byte[]> big =
        Message.builder("a".repeat(100_000).getBytes(StandardCharsets.UTF_8)).build();
    sendAll(b, ch, List.of(big));
    int bigSize = SqsWire.encode(big).size();
    assertThat(traffic.requests(c, SEND)).isEqualTo(4);
    assertThat(traffic.billed(c, SEND)).isEqualTo(3 + 2);
    assertThat(traffic.bytes(c, SEND)).isEqualTo(bytes + bigSize);

    long before = traffic.requests(c, OTHER);
    b.statistics(ch, sub("default", 10));
    assertThat(traffic.requests(c, OTHER)).isEqualTo(before + 1);
    assertThat(traffic.billed(c, OTHER)).isEqualTo(before + 1);
  }

  @Test
  void receivesAndDeletesAreCountedPerCallWithTheBytesReceived() throws Exception {
    RecordedTraffic traffic = new RecordedTraffic();
    Binding b = binding(traffic);
    ChannelSpec ch = ChannelSpec.queue(name("consumed")).build();
    String c = ch.name();
    b.provision(ch);
    List<Message<byte[]>> batch = messages(25);
    sendAll(b, ch, batch);
    long bytes = traffic.bytes(c, SEND);

    List<InboundDelivery> got = new CopyOnWriteArrayList<>();
    var in =
        b.inbound(
            ch,
            sub("default", 10),
            d -> {
              got.add(d);
              d.ack();
            });
    toClose.add(in);
    Deadlines.await("all 25 received", () -> got.size() == 25);
    // Each call carries at most 10: at least three of each, at most one per message.
    Deadlines.await("the deletes answered", () -> traffic.requests(c, SETTLE) >= 3);
    awaitStats(b, ch, sub("default", 10), 0, 0);
    assertThat(traffic.requests(c, SETTLE)).isBetween(3L, 25L);
    assertThat(traffic.bytes(c, SETTLE)).isZero();
    assertThat(traffic.requests(c, RECEIVE)).isGreaterThanOrEqualTo(3);
    // SQS returns the body and attributes as sent: the bytes in are the bytes out.
    assertThat(traffic.bytes(c, RECEIVE)).isEqualTo(bytes);
  }
}
