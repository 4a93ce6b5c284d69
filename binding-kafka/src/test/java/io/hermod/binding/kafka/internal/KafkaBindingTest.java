package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.kafka.KafkaBroker;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.Outbound;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.tck.Deadlines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binding through the SPI, against the real broker. */
class KafkaBindingTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static KafkaBroker broker;
  private final List<AutoCloseable> resources = new ArrayList<>();

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

  private static BindingContext context(Map<String, String> settings) {
    return SpiBindings.context(settings);
  }

  private Binding binding() {
    return binding(Map.of("bootstrap-servers", broker.bootstrapServers()));
  }

  private Binding binding(Map<String, String> settings) {
    return SpiBindings.started(context(settings), resources);
  }

  private static String name(String what) {
    return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Message<byte[]> message(int i) {
    return Message.builder(("payload-" + i).getBytes(StandardCharsets.UTF_8))
        .id("id-" + i)
        .key("key-" + (i % 4))
        .routingKey("orders.eu.created")
        .contentType("text/plain")
        .header("n", Integer.toString(i))
        .header("unicode", "ünïcödé ✓")
        .build();
  }

  private static void sendAll(Outbound out, int n) throws Exception {
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(message(i));
    }
    List<CompletableFuture<Receipt>> receipts = out.send(batch);
    assertThat(receipts).hasSize(n);
    for (CompletableFuture<Receipt> r : receipts) {
      assertThat(r.get(30, TimeUnit.SECONDS).brokerReference()).isNotEmpty();
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Deadlines.await(what, DEADLINE, condition, () -> "condition still false");
  }

  private static SubscriptionSpec sub(String name, int prefetch, StartPosition start) {
    return new SubscriptionSpec(name, Filter.none(), prefetch, start);
  }

  @Test
  void queueRoundTripKeepsEveryAttribute() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("rt")).build();
    b.provision(q);
    sendAll(b.outbound(q), 50);
    Map<String, Message<byte[]>> got = new ConcurrentHashMap<>();
    Inbound in =
        b.inbound(
            q,
            sub("s", 16, StartPosition.LATEST),
            d -> {
              got.put(d.message().id(), d.message());
              d.ack();
            });
    resources.add(in);
    await("50 messages", () -> got.size() == 50);
    Message<byte[]> m = got.get("id-7");
    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("payload-7");
    assertThat(m.key()).isEqualTo("key-3");
    assertThat(m.routingKey()).isEqualTo("orders.eu.created");
    assertThat(m.contentType()).isEqualTo("text/plain");
    assertThat(m.headers()).containsEntry("n", "7").containsEntry("unicode", "ünïcödé ✓");
    assertThat(m.headers().keySet())
        .noneMatch(h -> h.startsWith("ce_") || h.startsWith("hermod_kafka"));
  }

  @Test
  void competingConsumersOnAQueueLoseAndDuplicateNothing() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("cc")).build();
    b.provision(q);
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    List<Set<String>> perConsumer = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      Set<String> mine = ConcurrentHashMap.newKeySet();
      perConsumer.add(mine);
      resources.add(
          b.inbound(
              q,
              sub("any", 32, StartPosition.LATEST),
              d -> {
                seen.computeIfAbsent(d.message().id(), k -> new AtomicInteger()).incrementAndGet();
                mine.add(d.message().id());
                d.ack();
              }));
    }
    sendAll(b.outbound(q), 600);
    await("600 messages", () -> seen.size() == 600);
    assertThat(seen.values()).allMatch(n -> n.get() == 1);
    // How the load spreads depends on how fast the group rebalances: the kit's B01 checks shares.
    assertThat(perConsumer.stream().mapToInt(Set::size).sum()).isEqualTo(600);
  }

  @Test
  void nackRedeliversWithACountAndDoesNotBlockOthers() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("nack")).build();
    b.provision(q);
    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    resources.add(
        b.inbound(
            q,
            sub("s", 8, StartPosition.LATEST),
            d -> {
              attempts
                  .computeIfAbsent(
                      d.message().id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                  .add(d.deliveryCount());
              if (d.message().id().equals("id-3") && d.deliveryCount() < 3) {
                d.nack(Duration.ofMillis(100));
              } else {
                d.ack();
              }
            }));
    sendAll(b.outbound(q), 10);
    await("redelivered third attempt", () -> attempts.getOrDefault("id-3", List.of()).size() == 3);
    await("all messages", () -> attempts.size() == 10);
    assertThat(attempts.get("id-3")).containsExactly(1, 2, 3);
    assertThat(attempts.get("id-4")).containsExactly(1);
  }

  @Test
  void unsettledDeliveriesGoToAnotherConsumerAfterClose() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("crash")).build();
    b.provision(q);
    ConcurrentLinkedQueue<InboundDelivery> held = new ConcurrentLinkedQueue<>();
    Inbound first = b.inbound(q, sub("s", 5, StartPosition.LATEST), held::add);
    sendAll(b.outbound(q), 20);
    await("prefetch filled", () -> held.size() == 5);
    first.close();
    Set<String> second = ConcurrentHashMap.newKeySet();
    resources.add(
        b.inbound(
            q,
            sub("s", 50, StartPosition.LATEST),
            d -> {
              second.add(d.message().id());
              d.ack();
            }));
    await("all 20 on the second consumer", () -> second.size() == 20);
    held.forEach(InboundDelivery::ack); // ignored after close
  }

  @Test
  void neverMoreUnsettledThanPrefetch() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("prefetch")).build();
    b.provision(q);
    sendAll(b.outbound(q), 200);
    ConcurrentLinkedQueue<InboundDelivery> held = new ConcurrentLinkedQueue<>();
    AtomicInteger max = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    resources.add(
        b.inbound(
            q,
            sub("s", 7, StartPosition.LATEST),
            d -> {
              held.add(d);
              total.incrementAndGet();
              max.accumulateAndGet(held.size(), Math::max);
            }));
    await("prefetch reached", () -> held.size() == 7);
    // Settle in rounds; the consumer must never exceed 7 outstanding.
    while (total.get() < 200) {
      InboundDelivery d = held.poll();
      if (d != null) {
        d.ack();
      } else {
        await("more deliveries", () -> !held.isEmpty() || total.get() >= 200);
      }
    }
    assertThat(max.get()).isLessThanOrEqualTo(7);
  }

  @Test
  void topicSubscriptionsEachGetEveryMessageFromTheirStart() throws Exception {
    Binding b = binding();
    ChannelSpec t = ChannelSpec.topic(name("topic")).build();
    b.provision(t);
    Outbound out = b.outbound(t);
    out.send(List.of(message(1000))).get(0).get(30, TimeUnit.SECONDS); // before any subscription
    SubscriptionSpec a = sub("a", 32, StartPosition.LATEST);
    SubscriptionSpec c = sub("c", 32, StartPosition.LATEST);
    SubscriptionSpec replay = sub("replay", 32, StartPosition.EARLIEST);
    b.provisionSubscription(t, a);
    b.provisionSubscription(t, c);
    b.provisionSubscription(t, replay);
    sendAll(out, 30); // after provisioning, before any consumer joined
    Map<String, Set<String>> got = new ConcurrentHashMap<>();
    for (SubscriptionSpec s : List.of(a, c, replay)) {
      Set<String> ids = ConcurrentHashMap.newKeySet();
      got.put(s.name(), ids);
      resources.add(
          b.inbound(
              t,
              s,
              d -> {
                ids.add(d.message().id());
                if (d.message().id().equals("id-5") && d.deliveryCount() == 1 && s == a) {
                  d.nack(Duration.ZERO); // a redelivery in one subscription stays there
                } else {
                  d.ack();
                }
              }));
    }
    await(
        "all copies",
        () ->
            got.get("a").size() == 30
                && got.get("c").size() == 30
                && got.get("replay").size() == 31);
    assertThat(got.get("a")).doesNotContain("id-1000");
    assertThat(got.get("replay")).contains("id-1000");
  }

  @Test
  void pauseStopsDeliveriesUntilResume() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("pause")).build();
    b.provision(q);
    Set<String> got = ConcurrentHashMap.newKeySet();
    Inbound in =
        b.inbound(
            q,
            sub("s", 16, StartPosition.LATEST),
            d -> {
              got.add(d.message().id());
              d.ack();
            });
    resources.add(in);
    sendAll(b.outbound(q), 5);
    await("first 5", () -> got.size() == 5);
    in.pause();
    List<Message<byte[]>> more = new ArrayList<>();
    for (int i = 100; i < 105; i++) {
      more.add(message(i));
    }
    for (CompletableFuture<Receipt> r : b.outbound(q).send(more)) {
      r.get(30, TimeUnit.SECONDS);
    }
    Deadlines.pause(Duration.ofSeconds(1)); // a window in which nothing may arrive
    assertThat(got).hasSize(5);
    in.resume();
    await("all 10 after resume", () -> got.size() == 10);
  }

  @Test
  void invalidConfigurationNamesEveryKey() {
    assertThatThrownBy(
            () ->
                SpiBindings.create(
                    context(
                        Map.of(
                            "partitons", "3",
                            "partitions", "zero",
                            "group.id", "mine",
                            "password", "s3cr3t-value"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.bootstrap-servers is required")
        .hasMessageContaining("hermod.kafka.partitions must be a whole number")
        .hasMessageContaining(
            "unknown key hermod.kafka.partitons; did you mean hermod.kafka.partitions?")
        .hasMessageContaining("hermod.kafka.group.id is managed by Hermod")
        .hasMessageContaining(
            "hermod.kafka.username and hermod.kafka.password must be set together")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void nativePropertiesPassThrough() {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap-servers", "127.0.0.1:1");
    s.put("linger.ms", "20");
    s.put("consumer.fetch.min.bytes", "2");
    KafkaSettings c = SpiBindings.settings(context(s));
    assertThat(c.producer()).containsEntry("linger.ms", "20");
    assertThat(c.consumer()).containsEntry("fetch.min.bytes", "2").doesNotContainKey("linger.ms");
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void lingerIsASettingWithAValidatedRange() {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap-servers", "127.0.0.1:1");
    assertThat(SpiBindings.settings(context(s)).linger()).isEqualTo(KafkaSettings.DEFAULT_LINGER);
    s.put("linger", "0");
    assertThat(SpiBindings.settings(context(s)).linger()).isZero();
    s.put("linger", "20ms");
    assertThat(SpiBindings.settings(context(s)).linger()).isEqualTo(Duration.ofMillis(20));

    s.put("linger", "soon");
    assertThatThrownBy(() -> SpiBindings.settings(context(s)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.linger must be a duration");
    s.put("linger", "30s"); // the test context's send timeout
    assertThatThrownBy(() -> SpiBindings.settings(context(s)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.linger must be shorter than hermod.send-timeout");
    s.put("linger", "10ms");
    s.put("producer.linger.ms", "10");
    assertThatThrownBy(() -> SpiBindings.settings(context(s)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.linger and hermod.kafka.producer.linger.ms both set");
    s.remove("linger");
    s.put("producer.linger.ms", "30000");
    assertThatThrownBy(() -> SpiBindings.settings(context(s)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.producer.linger.ms must be shorter than hermod.send-timeout");
    s.put("producer.linger.ms", "-3");
    assertThatThrownBy(() -> SpiBindings.settings(context(s)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.producer.linger.ms must be a whole number of milliseconds");
  }

  @Test
  void loneSendsDoNotWaitForLinger() throws Exception {
    // A linger close to the send timeout: a lone send that waited for it would not be confirmed
    // within the 10 s each receipt is given below.
    Binding b = binding(Map.of("bootstrap-servers", broker.bootstrapServers(), "linger", "25s"));
    ChannelSpec q = ChannelSpec.queue(name("lone")).build();
    b.provision(q);
    Outbound out = b.outbound(q);
    for (int i = 0; i < 3; i++) {
      Receipt r = out.send(List.of(message(i))).get(0).get(10, TimeUnit.SECONDS);
      assertThat(r.brokerReference()).startsWith(q.name() + "-");
    }
  }

  @Test
  void tlsWithCredentialsWorksAndWrongCredentialsFailFast() throws Exception {
    Map<String, String> secure = new HashMap<>();
    secure.put("bootstrap-servers", broker.secureBootstrapServers());
    secure.put("tls.enabled", "true");
    secure.put("tls.truststore-location", broker.truststore().toString());
    secure.put("tls.truststore-password", KafkaBroker.STORE_PASSWORD);
    secure.put("username", KafkaBroker.USER);
    secure.put("password", KafkaBroker.PASSWORD);
    Binding b = binding(secure);
    ChannelSpec q = ChannelSpec.queue(name("tls")).build();
    b.provision(q);
    sendAll(b.outbound(q), 3);
    assertThat(b.health().isUp()).isTrue();

    secure.put("password", "wrong-password-123");
    Binding wrong = SpiBindings.create(context(secure));
    resources.add(wrong);
    assertThatThrownBy(wrong::start)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("hermod.kafka.username")
        .hasMessageNotContaining("wrong-password-123");
  }

  @Test
  void receiptsCarryOffsetsAndBatchesFailPerEntry() throws Exception {
    Binding b = binding();
    ChannelSpec q = ChannelSpec.queue(name("receipt")).build();
    b.provision(q);
    List<CompletableFuture<Receipt>> r = b.outbound(q).send(List.of(message(1), message(2)));
    Set<String> refs = new HashSet<>();
    for (CompletableFuture<Receipt> f : r) {
      refs.add(f.get(30, TimeUnit.SECONDS).brokerReference());
    }
    assertThat(refs).hasSize(2).allMatch(s -> s.startsWith(q.name() + "-"));
  }
}
