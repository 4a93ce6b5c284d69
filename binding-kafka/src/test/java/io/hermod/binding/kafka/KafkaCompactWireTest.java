package io.hermod.binding.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.spi.support.CompactAttributes;
import io.hermod.tck.Deadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * {@code hermod.kafka.wire-format=compact} on a real broker: every attribute survives, the record
 * carries one attribute header instead of the CloudEvents ones, and a consumer reads both formats
 * whichever its own setting, so producers can switch one at a time.
 */
class KafkaCompactWireTest {

  private static Map<String, String> config(KafkaBroker broker, String format) {
    return Map.of(
        "hermod.binding",
        "kafka",
        "hermod.kafka.bootstrap-servers",
        broker.bootstrapServers(),
        "hermod.kafka.wire-format",
        format);
  }

  private static Message<byte[]> full(String id) {
    return Message.builder(("payload-" + id).getBytes())
        .id(id)
        .source("/shop")
        .type("com.example.Order")
        .subject("s-\u00e9")
        .time(Instant.parse("2026-12-03T10:11:12.123456789Z"))
        .contentType("application/json")
        .key("k-" + id)
        .routingKey("orders.eu")
        .correlationId("c-" + id)
        .replyTo("replies")
        .expiresAt(Instant.now().plus(Duration.ofHours(1)))
        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .header("x-tenant", "\u4e2d")
        .build();
  }

  @Test
  void bothFormatsReachAConsumerOfEitherFormatWithEveryAttribute() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "it-compact-" + UUID.randomUUID().toString().substring(0, 8);
    ChannelSpec spec = ChannelSpec.queue(topic).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    Map<String, Message<byte[]>> got = new ConcurrentHashMap<>();
    List<Message<byte[]>> sent = new ArrayList<>();
    try (Messaging compact =
            Hermod.builder().config(config(broker, "compact")).declare(spec).build();
        Messaging standard =
            Hermod.builder().config(config(broker, "cloudevents")).declare(spec).build()) {
      compact.subscribe(topic, byte[].class, d -> got.put(d.message().id(), d.message()));
      for (int i = 0; i < 3; i++) {
        Message<byte[]> a = full("compact-" + i);
        Message<byte[]> b = full("standard-" + i);
        compact
            .publisher(topic, byte[].class)
            .send(a)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        standard
            .publisher(topic, byte[].class)
            .send(b)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        sent.add(a);
        sent.add(b);
      }
      // The same id again: exactly-once still drops it, whatever the format.
      compact
          .publisher(topic, byte[].class)
          .send(full("standard-0"))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      Deadlines.await("every message delivered", () -> got.size() == sent.size());
      // A window for the resent id to show up, had dedup missed it (a check that nothing happens).
      Deadlines.pause(Duration.ofMillis(500));
    }
    assertThat(got).hasSize(sent.size());
    for (Message<byte[]> m : sent) {
      Message<byte[]> back = got.get(m.id());
      assertThat(back.payload()).isEqualTo(m.payload());
      assertThat(back.source()).isEqualTo(m.source());
      assertThat(back.type()).isEqualTo(m.type());
      assertThat(back.subject()).isEqualTo(m.subject());
      assertThat(back.time()).isEqualTo(m.time());
      assertThat(back.contentType()).isEqualTo(m.contentType());
      assertThat(back.key()).isEqualTo(m.key());
      assertThat(back.routingKey()).isEqualTo(m.routingKey());
      assertThat(back.correlationId()).isEqualTo(m.correlationId());
      assertThat(back.replyTo()).isEqualTo(m.replyTo());
      assertThat(back.expiresAt()).isEqualTo(m.expiresAt());
      assertThat(back.headers()).isEqualTo(m.headers());
    }
    List<Set<String>> records = headerNames(broker, topic);
    assertThat(records).hasSize(7);
    assertThat(records.stream().filter(n -> n.contains(CompactAttributes.HEADER)))
        .as("a compact record carries the attribute header and the application header only")
        .hasSize(4)
        .allMatch(n -> n.equals(Set.of(CompactAttributes.HEADER, "x-tenant")));
    assertThat(records.stream().filter(n -> !n.contains(CompactAttributes.HEADER)))
        .as("a CloudEvents record carries the CloudEvents headers")
        .hasSize(3)
        .allMatch(n -> n.containsAll(Set.of("ce_id", "ce_source", "ce_traceparent", "x-tenant")));
  }

  /** The header names of each record, read with a plain consumer. */
  private static List<Set<String>> headerNames(KafkaBroker broker, String topic) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Set<String>> names = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Three seconds past the seventh record, so a record too many would be seen.
      while (System.nanoTime() < end) {
        if (names.size() >= 7) {
          end = Math.min(end, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Set<String> n = new HashSet<>();
          for (Header h : r.headers()) {
            n.add(h.key());
          }
          names.add(n);
        }
      }
    }
    return names;
  }
}
