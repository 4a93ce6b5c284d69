package io.hermod.binding.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.binding.sqs.SqsFixture;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.Settings;
import io.hermod.tck.Deadlines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The binding through the SPI against a real (embedded ElasticMQ) server. */
class SqsBindingTest {

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

  private Binding binding(Map<String, String> overrides) {
    Map<String, String> s = new LinkedHashMap<>(BROKER.bindingSettings());
    s.putAll(overrides);
    BindingContext context = context(s);
    Binding b = new SqsBindingProvider().create(context);
    toClose.add(b);
    context.settings().validate(); // as core does after create
    b.start();
    return b;
  }

  private static BindingContext context(Map<String, String> relative) {
    String name = SqsBindingProvider.NAME;
    return new BindingContext(
        name,
        Settings.of(
            "binding '" + name + "'",
            "hermod." + name + ".",
            relative,
            new SqsBindingProvider().configKeys()),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        "test");
  }

  private String name(String label) {
    return "t-" + run + "-" + label;
  }

  private static void await(String what, BooleanSupplier condition) {
    Deadlines.await(what, condition);
  }

  private static SubscriptionSpec sub(String name, Filter filter, int prefetch) {
    return new SubscriptionSpec(name, filter, prefetch, StartPosition.LATEST);
  }

  private static Message<byte[]> text(String s) {
    return Message.builder(s.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static List<Receipt> sendAll(Binding b, ChannelSpec ch, List<Message<byte[]>> batch)
      throws Exception {
    List<Receipt> out = new ArrayList<>();
    for (CompletableFuture<Receipt> f : b.outbound(ch).send(batch)) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  private Inbound consume(
      Binding b, ChannelSpec ch, SubscriptionSpec s, List<InboundDelivery> into, boolean ack) {
    Inbound in =
        b.inbound(
            ch,
            s,
            d -> {
              into.add(d);
              if (ack) {
                d.ack();
              }
            });
    toClose.add(in);
    return in;
  }

  @Test
  void aBatchOverTheSqsLimitsIsSplitAndEveryAttributeArrives() throws Exception {
    Binding b = binding(Map.of());
    ChannelSpec ch = ChannelSpec.queue(name("split.q")).build();
    b.provision(ch);
    List<Message<byte[]>> batch = new ArrayList<>();
    byte[] big = new byte[60_000];
    new Random(1).nextBytes(big);
    for (int i = 0; i < 25; i++) {
      Message.Builder<byte[]> m =
          Message.builder(i % 5 == 0 ? big : ("payload-" + i).getBytes(StandardCharsets.UTF_8))
              .key("k" + i % 3)
              .routingKey("orders.eu.created")
              .contentType("text/plain");
      for (int h = 0; h < 30; h++) {
        m.header("header-" + h, "value-" + i + "-" + h);
      }
      m.header("empty", "").header("ünï", "✓");
      batch.add(m.build());
    }
    List<Receipt> receipts = sendAll(b, ch, batch);
    assertThat(receipts).hasSize(25).allMatch(r -> !r.brokerReference().isEmpty());

    List<InboundDelivery> got = new CopyOnWriteArrayList<>();
    consume(b, ch, sub("default", Filter.none(), 32), got, true);
    await("all 25", () -> got.size() == 25);
    Map<String, Message<byte[]>> byId = new ConcurrentHashMap<>();
    got.forEach(d -> byId.put(d.message().id(), d.message()));
    for (Message<byte[]> sent : batch) {
      Message<byte[]> r = byId.get(sent.id());
      assertThat(r).as(sent.id()).isNotNull();
      assertThat(r.payload()).isEqualTo(sent.payload());
      assertThat(r.headers()).isEqualTo(sent.headers());
      assertThat(r.key()).isEqualTo(sent.key());
      assertThat(r.routingKey()).isEqualTo(sent.routingKey());
      assertThat(r.contentType()).isEqualTo(sent.contentType());
    }
    assertThat(got).allMatch(d -> d.deliveryCount() == 1);
  }

  @Test
  void anExactlyOnceWindowLongerThanFifoDeduplicationIsRefusedAtDeclaration() {
    Binding b = binding(Map.of());
    ChannelSpec tooLong =
        ChannelSpec.queue(name("window"))
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .dedupWindow(Duration.ofMinutes(6))
            .build();
    assertThatThrownBy(() -> b.provision(tooLong))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("dedupWindow of PT6M")
        .hasMessageContaining("deduplicate for PT5M")
        .hasMessageContaining(".dedupWindow(Duration.ofMinutes(5))");
    b.provision(tooLong.toBuilder().dedupWindow(Duration.ofMinutes(5)).build());
    b.provision(tooLong.toBuilder().guarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
  }

  @Test
  void theDeclaredMaximumPassesAndOneByteMoreFailsBeforeTheBroker() throws Exception {
    Binding b = binding(Map.of());
    ChannelSpec ch = ChannelSpec.queue(name("limits")).build();
    b.provision(ch);
    int max = b.capabilities().maxPayloadBytes();
    byte[] atMax = new byte[max];
    new Random(2).nextBytes(atMax);
    sendAll(b, ch, List.of(Message.builder(atMax).build()));
    List<InboundDelivery> got = new CopyOnWriteArrayList<>();
    consume(b, ch, sub("default", Filter.none(), 4), got, true);
    await("the maximum payload", () -> got.size() == 1);
    assertThat(got.get(0).message().payload()).isEqualTo(atMax);

    // Headers that do not leave room fail cleanly, naming the limit.
    Message.Builder<byte[]> tooBig = Message.builder(atMax);
    tooBig.header("bulk", "x".repeat(SqsBinding.ATTRIBUTE_RESERVE));
    CompletableFuture<Receipt> f = b.outbound(ch).send(List.of(tooBig.build())).get(0);
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("hermod.sqs.max-message-size");
  }

  @Test
  void aTopicFansOutToEachSubscriptionThroughItsFilter() throws Exception {
    Binding publisherSide = binding(Map.of());
    Binding subscriberSide = binding(Map.of());
    ChannelSpec topic = ChannelSpec.topic(name("logs")).build();
    subscriberSide.provision(topic);
    SubscriptionSpec errors = sub("errors", Filter.routingKey("error"), 32);
    SubscriptionSpec all = sub("all", Filter.none(), 32);
    SubscriptionSpec eu =
        sub("eu", Filter.routingKey("orders.*.created").andHeader("tenant", "a"), 32);
    subscriberSide.provisionSubscription(topic, errors);
    subscriberSide.provisionSubscription(topic, all);
    subscriberSide.provisionSubscription(topic, eu);
    List<InboundDelivery> gotErrors = new CopyOnWriteArrayList<>();
    List<InboundDelivery> gotAll = new CopyOnWriteArrayList<>();
    List<InboundDelivery> gotEu = new CopyOnWriteArrayList<>();
    consume(subscriberSide, topic, errors, gotErrors, true);
    consume(subscriberSide, topic, all, gotAll, true);
    consume(subscriberSide, topic, eu, gotEu, true);

    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String key = i % 3 == 0 ? "error" : i % 3 == 1 ? "info" : "orders.eu.created";
      batch.add(
          Message.builder(("m" + i).getBytes(StandardCharsets.UTF_8))
              .routingKey(key)
              .header("tenant", i % 2 == 0 ? "a" : "b")
              .build());
    }
    sendAll(publisherSide, topic, batch);
    await("all copies", () -> gotAll.size() == 30 && gotErrors.size() == 10 && gotEu.size() == 5);
    assertThat(gotErrors).allMatch(d -> "error".equals(d.message().routingKey()));
    assertThat(gotEu)
        .allMatch(
            d ->
                "orders.eu.created".equals(d.message().routingKey())
                    && "a".equals(d.message().headers().get("tenant")));
  }

  @Test
  void aFifoChannelKeepsPerKeyOrderAndDropsDuplicateIds() throws Exception {
    Binding b = binding(Map.of());
    ChannelSpec ch =
        ChannelSpec.queue(name("fifo")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    b.provision(ch);
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(
          Message.builder(Integer.toString(i).getBytes(StandardCharsets.UTF_8))
              .key("key-" + i % 4)
              .id("id-" + run + "-" + i)
              .build());
    }
    sendAll(b, ch, batch);
    sendAll(b, ch, batch.subList(0, 10)); // a producer retry: same ids
    Map<String, List<Integer>> perKey = new ConcurrentHashMap<>();
    AtomicInteger count = new AtomicInteger();
    Inbound in =
        b.inbound(
            ch,
            sub("default", Filter.none(), 10),
            d -> {
              perKey
                  .computeIfAbsent(d.message().key(), k -> new CopyOnWriteArrayList<>())
                  .add(Integer.parseInt(new String(d.message().payload(), StandardCharsets.UTF_8)));
              count.incrementAndGet();
              d.ack();
            });
    toClose.add(in);
    await("40 messages", () -> count.get() >= 40);
    assertThat(count.get()).isEqualTo(40);
    perKey.values().forEach(seq -> assertThat(seq).isSorted());
  }

  @Test
  void aNackRedeliversWithAHigherCountAndRedriveCatchesWhatCoreNeverSettles() throws Exception {
    Binding b = binding(Map.of());
    ChannelSpec ch = ChannelSpec.queue(name("redrive")).maxDeliveryAttempts(1).build();
    b.provision(ch);
    sendAll(b, ch, List.of(text("poison")));
    List<Integer> counts = new CopyOnWriteArrayList<>();
    Inbound in =
        b.inbound(
            ch,
            sub("default", Filter.none(), 4),
            d -> {
              counts.add(d.deliveryCount());
              d.nack(Duration.ofMillis(100));
            });
    toClose.add(in);
    int receives = 1 + SqsBinding.REDRIVE_EXTRA_RECEIVES;
    await("all receives", () -> counts.size() >= receives);
    assertThat(counts.subList(0, receives)).containsExactly(1, 2, 3, 4);

    ChannelSpec dlq = ChannelSpec.queue(ch.deadLetterChannel()).deadLetter(false).build();
    List<InboundDelivery> dead = new CopyOnWriteArrayList<>();
    consume(b, dlq, sub("default", Filter.none(), 4), dead, true);
    await("the redriven message", () -> dead.size() == 1);
    assertThat(new String(dead.get(0).message().payload(), StandardCharsets.UTF_8))
        .isEqualTo("poison");
    assertThat(counts).hasSize(receives);
  }

  @Test
  void neverMoreThanPrefetchUnsettledAndSlowHandlersKeepTheirMessages() throws Exception {
    Binding b = binding(Map.of("visibility-timeout", "2s"));
    ChannelSpec ch = ChannelSpec.queue(name("prefetch")).build();
    b.provision(ch);
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      batch.add(text("m" + i));
    }
    sendAll(b, ch, batch);
    List<InboundDelivery> got = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean ackNow =
        new java.util.concurrent.atomic.AtomicBoolean();
    Inbound in =
        b.inbound(
            ch,
            sub("default", Filter.none(), 3),
            d -> {
              got.add(d);
              if (ackNow.get()) {
                d.ack();
              }
            });
    toClose.add(in);
    await("the prefetch", () -> got.size() == 3);
    // Longer than the visibility timeout: only extension keeps these three from coming back,
    // and the prefetch keeps the other nine away.
    io.hermod.tck.TckSupport.pause(Duration.ofSeconds(5));
    assertThat(got).hasSize(3);
    ackNow.set(true);
    got.forEach(InboundDelivery::ack);
    await("the rest", () -> got.size() == 12);
    assertThat(got.stream().map(d -> d.message().id()).distinct()).hasSize(12);
  }

  @Test
  void anIdleQueueIsWatchedByOneLongPollAndTrafficBringsBackEveryPoller() throws Exception {
    Binding b = binding(Map.of("wait-time", "1s", "pollers", "4"));
    ChannelSpec ch = ChannelSpec.queue(name("pollers")).build();
    b.provision(ch);
    List<InboundDelivery> got = new CopyOnWriteArrayList<>();
    SqsInbound in = (SqsInbound) consume(b, ch, sub("default", Filter.none(), 100), got, true);
    await("a single long poll once receives come back empty", () -> in.activeReceives() == 1);
    sendAll(b, ch, List.of(text("wake up")));
    await("the message", () -> got.size() == 1);
    // Keep messages coming so the pollers never run dry while this looks.
    await(
        "all four pollers while messages flow",
        () -> {
          if (in.activeReceives() == 4) {
            return true;
          }
          b.outbound(ch).send(List.of(text("more")));
          return false;
        });
  }

  @Test
  void closingReturnsUnsettledMessagesAtOnceAndPauseHoldsDeliveries() throws Exception {
    Binding b = binding(Map.of("visibility-timeout", "60s"));
    ChannelSpec ch = ChannelSpec.queue(name("close")).build();
    b.provision(ch);
    sendAll(b, ch, List.of(text("a"), text("b")));
    List<InboundDelivery> first = new CopyOnWriteArrayList<>();
    Inbound in = consume(b, ch, sub("default", Filter.none(), 10), first, false);
    await("both", () -> first.size() == 2);
    in.close();
    first.forEach(InboundDelivery::ack); // ignored after close
    List<InboundDelivery> second = new CopyOnWriteArrayList<>();
    Inbound again = consume(b, ch, sub("default", Filter.none(), 10), second, false);
    await("both again, long before the 60 s visibility timeout", () -> second.size() == 2);
    assertThat(second).allMatch(d -> d.deliveryCount() >= 2);
    again.pause();
    second.forEach(InboundDelivery::ack);
    sendAll(b, ch, List.of(text("c")));
    io.hermod.tck.TckSupport.pause(Duration.ofSeconds(3));
    assertThat(second).hasSize(2);
    again.resume();
    await("the message sent while paused", () -> second.size() == 3);
  }

  @Test
  void sendsFailDuringAnOutageAndEverythingFlowsAgainAfterIt() throws Exception {
    Binding b = binding(Map.of());
    ChannelSpec ch = ChannelSpec.queue(name("outage")).build();
    b.provision(ch);
    List<InboundDelivery> got = new CopyOnWriteArrayList<>();
    consume(b, ch, sub("default", Filter.none(), 10), got, true);
    sendAll(b, ch, List.of(text("before")));
    await("the message before the outage", () -> got.size() == 1);
    BROKER.stopBroker();
    try {
      CompletableFuture<Receipt> during = b.outbound(ch).send(List.of(text("during"))).get(0);
      assertThatThrownBy(() -> during.get(60, TimeUnit.SECONDS))
          .hasCauseInstanceOf(io.hermod.api.MessagingException.class);
      assertThat(b.health().isUp()).isFalse();
    } finally {
      BROKER.startBroker();
    }
    sendAll(b, ch, List.of(text("after")));
    await("the message after the outage", () -> got.size() == 2);
    assertThat(b.health().isUp()).isTrue();
  }

  @Test
  void invalidSettingsAreAllReportedWhenCoreValidatesAfterCreate() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("endpoint", "not a url");
    bad.put("access-key-id", "x");
    bad.put("visibility-timeout", "1ms");
    bad.put("wait-time", "21s");
    bad.put("pollers", "11");
    bad.put("regoin", "eu-west-1");
    BindingContext context = context(bad);
    Binding b = new SqsBindingProvider().create(context); // records, does not throw or connect
    toClose.add(b);
    assertThatThrownBy(context.settings()::validate)
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .anyMatch(p -> p.contains("hermod.sqs.endpoint"))
                    .anyMatch(p -> p.contains("hermod.sqs.secret-access-key"))
                    .anyMatch(p -> p.contains("hermod.sqs.visibility-timeout"))
                    .anyMatch(p -> p.contains("hermod.sqs.wait-time must be at most 20s"))
                    .anyMatch(p -> p.contains("hermod.sqs.pollers must be between 1 and 10"))
                    .anyMatch(p -> p.contains("did you mean hermod.sqs.region")));
  }

  @Test
  void theSecretsAreDeclaredSecretAndEveryKeyHasADescription() {
    assertThat(SqsSettings.KEYS)
        .filteredOn(k -> k.isSecret())
        .extracting(k -> k.name())
        .containsExactlyInAnyOrder("access-key-id", "secret-access-key", "session-token");
    assertThat(SqsSettings.KEYS).allMatch(k -> !k.description().isBlank());
    String shown = context(Map.of("secret-access-key", "hunter2")).settings().toString();
    assertThat(shown).doesNotContain("hunter2");
  }

  @Test
  void startFailsFastWhenNoServerListens() {
    Map<String, String> s = new LinkedHashMap<>(BROKER.bindingSettings());
    BROKER
        .unreachableConfig()
        .orElseThrow()
        .forEach(
            (k, v) -> {
              if (k.startsWith("hermod.sqs.")) {
                s.put(k.substring("hermod.sqs.".length()), v);
              }
            });
    Binding b = new SqsBindingProvider().create(context(s));
    assertThatThrownBy(b::start)
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("hermod.sqs.endpoint");
    assertThat(b.health().isUp()).isFalse();
  }

  @Test
  void queuesCarryTheRedrivePolicyAndTheHeaderLimitIsVisibleToPlainClients() throws Exception {
    Binding b = binding(Map.of());
    ChannelSpec ch = ChannelSpec.queue(name("plain")).maxDeliveryAttempts(3).build();
    b.provision(ch);
    Message.Builder<byte[]> m = Message.builder("x".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 20; i++) {
      m.header("h" + i, "v" + i);
    }
    sendAll(b, ch, List.of(m.build()));
    try (SqsAsyncClient plain = BROKER.client()) {
      String url =
          plain.getQueueUrl(r -> r.queueName(SqsTestAccess.queueName(ch.name()))).join().queueUrl();
      var attrs =
          plain
              .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
              .join()
              .attributes();
      assertThat(attrs.get(QueueAttributeName.REDRIVE_POLICY)).contains("maxReceiveCount");
      var received =
          plain
              .receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5).messageAttributeNames("All"))
              .join()
              .messages();
      assertThat(received).hasSize(1);
      assertThat(received.get(0).messageAttributes())
          .hasSizeLessThanOrEqualTo(10)
          .containsKeys("ce_id", "ce_source", "ce_type", "ce_specversion", SqsWire.FOLDED);
    }
    assertThat(b.health().isUp()).isTrue();
  }
}
