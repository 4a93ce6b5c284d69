package io.hermod.binding.artemis;

import static io.hermod.binding.artemis.SpiSupport.await;
import static io.hermod.binding.artemis.SpiSupport.name;
import static io.hermod.binding.artemis.SpiSupport.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.Outbound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The binding through the SPI against the embedded broker: patterns, guarantees, flow. */
class ArtemisBindingTest {

  private static Binding binding;

  @BeforeAll
  static void start() {
    binding = SpiSupport.started();
  }

  @AfterAll
  static void stop() {
    binding.close();
  }

  private static Message<byte[]> msg(String payload) {
    return Message.builder(payload.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static List<Receipt> sendAll(Outbound out, List<Message<byte[]>> batch) throws Exception {
    List<Receipt> receipts = new ArrayList<>();
    for (CompletableFuture<Receipt> f : out.send(batch)) {
      receipts.add(f.get(30, TimeUnit.SECONDS));
    }
    return receipts;
  }

  @Test
  @DisplayName("a queue round trip keeps every attribute, odd header names included")
  void queueRoundTrip() throws Exception {
    ChannelSpec q = ChannelSpec.queue(name("rt")).build();
    binding.provision(q);
    SpiSupport.Collector c = new SpiSupport.Collector(true);
    Inbound in = binding.inbound(q, sub("s", Filter.none(), 10), c);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("plain", "v");
    headers.put("content-type-like", "x");
    headers.put("JMSType", "reserved");
    headers.put("AND", "keyword");
    headers.put("ünï cödé$", "välue ✓");
    headers.put("empty", "");
    Message<byte[]> m =
        Message.builder("héllo".getBytes(StandardCharsets.UTF_8))
            .key("k1")
            .routingKey("orders.eu.created")
            .headers(headers)
            .contentType("text/plain")
            .correlationId("corr-1")
            .replyTo("replies-x")
            .subject("subj")
            .build();
    List<Receipt> receipts = sendAll(binding.outbound(q), List.of(m));
    assertThat(receipts.get(0).messageId()).isEqualTo(m.id());
    assertThat(receipts.get(0).brokerReference()).isNotEmpty();

    await("the message", () -> c.deliveries.size() == 1, () -> c.ids().toString());
    Message<byte[]> r = c.deliveries.get(0).message();
    assertThat(r.id()).isEqualTo(m.id());
    assertThat(r.payload()).isEqualTo(m.payload());
    assertThat(r.key()).isEqualTo("k1");
    assertThat(r.routingKey()).isEqualTo("orders.eu.created");
    assertThat(r.headers()).isEqualTo(headers);
    assertThat(r.contentType()).isEqualTo("text/plain");
    assertThat(r.correlationId()).isEqualTo("corr-1");
    assertThat(r.replyTo()).isEqualTo("replies-x");
    assertThat(r.subject()).isEqualTo("subj");
    assertThat(r.source()).isEqualTo(m.source());
    assertThat(r.type()).isEqualTo(m.type());
    assertThat(r.time()).isEqualTo(m.time());
    assertThat(c.deliveries.get(0).deliveryCount()).isEqualTo(1);
    in.close();
  }

  @Test
  @DisplayName("topic subscriptions filter on the broker exactly as Filter.matches does")
  void topicFilters() throws Exception {
    ChannelSpec t = ChannelSpec.topic(name("tf")).build();
    binding.provision(t);
    Map<String, Filter> filters = new LinkedHashMap<>();
    filters.put("all", Filter.none());
    filters.put("errors", Filter.routingKey("error"));
    filters.put("star", Filter.routingKey("orders.*.created"));
    filters.put("hash", Filter.routingKey("orders.#"));
    filters.put("tail", Filter.routingKey("#.created"));
    filters.put("mid", Filter.routingKey("orders.#.late"));
    filters.put("hdr", Filter.header("tenant", "acme"));
    filters.put("both", Filter.routingKey("orders.*.created").andHeader("tenant", "acme"));
    Map<String, SpiSupport.Collector> collectors = new LinkedHashMap<>();
    List<Inbound> inbounds = new ArrayList<>();
    for (Map.Entry<String, Filter> e : filters.entrySet()) {
      binding.provisionSubscription(t, sub(e.getKey(), e.getValue(), 50));
      SpiSupport.Collector c = new SpiSupport.Collector(true);
      collectors.put(e.getKey(), c);
      inbounds.add(binding.inbound(t, sub(e.getKey(), e.getValue(), 50), c));
    }
    List<String> keys =
        List.of(
            "orders",
            "orders.eu",
            "orders.eu.created",
            "orders.us.created",
            "orders.eu.created.late",
            "orders.eu.x.late",
            "order.eu.created",
            "error",
            "errors",
            "x.created",
            "orders.%.created",
            "orders._.created");
    List<Message<byte[]>> batch = new ArrayList<>();
    for (String k : keys) {
      batch.add(
          Message.builder(k.getBytes(StandardCharsets.UTF_8))
              .routingKey(k)
              .header("tenant", k.length() % 2 == 0 ? "acme" : "other")
              .build());
    }
    batch.add(
        Message.builder("no-key".getBytes(StandardCharsets.UTF_8))
            .header("tenant", "acme")
            .build());
    sendAll(binding.outbound(t), batch);

    for (Map.Entry<String, Filter> e : filters.entrySet()) {
      Set<String> expected =
          batch.stream()
              .filter(m -> e.getValue().matches(m.routingKey(), m.headers()))
              .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
              .collect(Collectors.toSet());
      SpiSupport.Collector c = collectors.get(e.getKey());
      await(
          e.getKey() + " gets " + expected,
          () -> c.deliveries.size() >= expected.size(),
          () -> c.payloads().toString());
    }
    // Everything published has reached "all"; anything extra would have arrived by now too.
    SpiSupport.quietPeriod(Duration.ofMillis(300));
    for (Map.Entry<String, Filter> e : filters.entrySet()) {
      Set<String> expected =
          batch.stream()
              .filter(m -> e.getValue().matches(m.routingKey(), m.headers()))
              .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
              .collect(Collectors.toSet());
      assertThat(collectors.get(e.getKey()).payloads())
          .as(e.getKey())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    inbounds.forEach(Inbound::close);
  }

  @Test
  @DisplayName("a nack redelivers after the delay with a higher count; an ack settles for good")
  void nackRedelivers() throws Exception {
    ChannelSpec q = ChannelSpec.queue(name("nack")).build();
    binding.provision(q);
    List<InboundDelivery> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Inbound in =
        binding.inbound(
            q,
            sub("s", Filter.none(), 5),
            d -> {
              seen.add(d);
              if (d.deliveryCount() < 3) {
                d.nack(Duration.ofMillis(100));
              } else {
                d.ack();
              }
            });
    Message<byte[]> m = msg("retry-me");
    sendAll(binding.outbound(q), List.of(m));
    await("three deliveries", () -> seen.size() >= 3, () -> "" + seen.size());
    SpiSupport.quietPeriod(Duration.ofMillis(400));
    assertThat(seen).extracting(InboundDelivery::deliveryCount).containsExactly(1, 2, 3);
    assertThat(seen).allSatisfy(d -> assertThat(d.message().id()).isEqualTo(m.id()));
    in.close();
  }

  @Test
  @DisplayName("never more unsettled deliveries than the prefetch; closing returns them to others")
  void prefetchAndCrash() throws Exception {
    ChannelSpec q = ChannelSpec.queue(name("pf")).build();
    binding.provision(q);
    SpiSupport.Collector holder = new SpiSupport.Collector(false);
    Inbound first = binding.inbound(q, sub("s", Filter.none(), 3), holder);
    List<Message<byte[]>> batch = IntStream.range(0, 20).mapToObj(i -> msg("m" + i)).toList();
    sendAll(binding.outbound(q), batch);
    await(
        "prefetch filled",
        () -> holder.deliveries.size() == 3,
        () -> "" + holder.deliveries.size());
    SpiSupport.quietPeriod(Duration.ofMillis(300));
    assertThat(holder.deliveries).hasSize(3);
    holder.deliveries.get(0).ack();
    await(
        "one more after an ack",
        () -> holder.deliveries.size() == 4,
        () -> "" + holder.deliveries.size());

    first.close(); // three unsettled: back to the queue
    SpiSupport.Collector other = new SpiSupport.Collector(true);
    Inbound second = binding.inbound(q, sub("s", Filter.none(), 10), other);
    await("the other 19", () -> other.deliveries.size() >= 19, () -> "" + other.deliveries.size());
    Set<String> all = new java.util.HashSet<>(other.ids());
    all.add(holder.deliveries.get(0).message().id());
    assertThat(all).containsExactlyInAnyOrderElementsOf(batch.stream().map(Message::id).toList());
    second.close();
  }

  @Test
  @DisplayName("acknowledgements settled together are all committed: none comes back after close")
  void batchedAcknowledgementsAreCommitted() throws Exception {
    ChannelSpec q = ChannelSpec.queue(name("acks")).build();
    binding.provision(q);
    int n = 300;
    SpiSupport.Collector holder = new SpiSupport.Collector(false);
    Inbound first = binding.inbound(q, sub("s", Filter.none(), n), holder);
    Outbound out = binding.outbound(q);
    sendAll(out, IntStream.range(0, n).mapToObj(i -> msg("a" + i)).toList());
    await(
        "all deliveries", () -> holder.deliveries.size() == n, () -> "" + holder.deliveries.size());
    // Settled all at once, so the consuming thread finds many queued and commits them together.
    holder.deliveries.forEach(InboundDelivery::ack);
    first.close();

    // An acknowledgement left uncommitted is rolled back by the close, and its message goes back
    // to the head of the queue, ahead of the marker.
    Message<byte[]> marker = msg("marker");
    sendAll(out, List.of(marker));
    SpiSupport.Collector second = new SpiSupport.Collector(true);
    Inbound in = binding.inbound(q, sub("s", Filter.none(), 10), second);
    await("the marker", () -> second.ids().contains(marker.id()), () -> second.ids().toString());
    assertThat(second.ids()).containsExactly(marker.id());
    in.close();
  }

  @Test
  @DisplayName("exactly-once: the broker drops a resent id")
  void duplicateDetection() throws Exception {
    ChannelSpec q =
        ChannelSpec.queue(name("dup")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    binding.provision(q);
    SpiSupport.Collector c = new SpiSupport.Collector(true);
    Inbound in = binding.inbound(q, sub("s", Filter.none(), 10), c);
    Message<byte[]> m = msg("once");
    Outbound out = binding.outbound(q);
    sendAll(out, List.of(m));
    sendAll(out, List.of(m));
    Message<byte[]> other = msg("other");
    sendAll(out, List.of(other));
    await("the other id", () -> c.ids().contains(other.id()), () -> c.ids().toString());
    SpiSupport.quietPeriod(Duration.ofMillis(200));
    assertThat(c.ids()).containsExactly(m.id(), other.id());
    in.close();
  }

  @Test
  @DisplayName("ordered: competing consumers each see a key's messages in order")
  void orderedGroups() throws Exception {
    ChannelSpec q =
        ChannelSpec.queue(name("ord")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    binding.provision(q);
    Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    List<Inbound> ins = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ins.add(
          binding.inbound(
              q,
              sub("s", Filter.none(), 5),
              d -> {
                String p = new String(d.message().payload(), StandardCharsets.UTF_8);
                byKey
                    .computeIfAbsent(
                        d.message().key(),
                        k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(p));
                total.incrementAndGet();
                d.ack();
              }));
    }
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(
          Message.builder(Integer.toString(i).getBytes(StandardCharsets.UTF_8))
              .key("k" + (i % 8))
              .build());
    }
    Outbound out = binding.outbound(q);
    List<CompletableFuture<Receipt>> fs = new ArrayList<>();
    for (Message<byte[]> m : batch) {
      fs.addAll(out.send(List.of(m)));
    }
    for (CompletableFuture<Receipt> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    await("300 messages", () -> total.get() == 300, () -> "" + total.get());
    byKey.forEach((k, seq) -> assertThat(seq).as(k).isSorted());
    ins.forEach(Inbound::close);
  }

  @Test
  @DisplayName("an expired message is never delivered; a delayed one waits for its time")
  void ttlAndDelay() throws Exception {
    ChannelSpec q = ChannelSpec.queue(name("ttl")).build();
    binding.provision(q);
    Outbound out = binding.outbound(q);
    Message<byte[]> expiring =
        Message.builder(new byte[] {1}).expiresAt(Instant.now().plusMillis(200)).build();
    Message<byte[]> delayed =
        Message.builder(new byte[] {2}).deliverAt(Instant.now().plusMillis(800)).build();
    sendAll(out, List.of(expiring, delayed));
    SpiSupport.quietPeriod(Duration.ofMillis(400));
    SpiSupport.Collector c = new SpiSupport.Collector(true);
    Inbound in = binding.inbound(q, sub("s", Filter.none(), 5), c);
    SpiSupport.quietPeriod(Duration.ofMillis(100));
    assertThat(c.ids()).isEmpty();
    await("the delayed message", () -> c.deliveries.size() == 1, () -> c.ids().toString());
    assertThat(c.ids()).containsExactly(delayed.id());
    in.close();
  }

  @Test
  @DisplayName("pause stops deliveries, resume continues them")
  void pauseResume() throws Exception {
    ChannelSpec q = ChannelSpec.queue(name("pause")).durability(Durability.MEMORY).build();
    binding.provision(q);
    SpiSupport.Collector c = new SpiSupport.Collector(true);
    Inbound in = binding.inbound(q, sub("s", Filter.none(), 5), c);
    in.pause();
    SpiSupport.quietPeriod(Duration.ofMillis(100));
    sendAll(binding.outbound(q), List.of(msg("a"), msg("b")));
    SpiSupport.quietPeriod(Duration.ofMillis(300));
    assertThat(c.deliveries).isEmpty();
    in.resume();
    await("both", () -> c.deliveries.size() == 2, () -> c.ids().toString());
    in.close();
  }
}
