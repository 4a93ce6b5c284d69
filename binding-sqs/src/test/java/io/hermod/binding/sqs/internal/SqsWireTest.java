package io.hermod.binding.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsWireTest {

  @Test
  void aSmallMessageUsesPlainAttributesOnly() {
    Message<byte[]> m =
        Message.builder("hello".getBytes(StandardCharsets.UTF_8)).header("a", "b").build();
    SqsWire.Encoded e = SqsWire.encode(m);
    assertThat(e.body()).isEqualTo("hello");
    assertThat(e.attributes()).doesNotContainKey(SqsWire.FOLDED).containsKeys("ce_id", "a");
    Message<byte[]> back = SqsWire.decode(e.body(), e.attributes(), "sqs-id");
    assertThat(back.id()).isEqualTo(m.id());
    assertThat(back.headers()).isEqualTo(m.headers());
    assertThat(back.payload()).isEqualTo(m.payload());
  }

  @Test
  void headersBeyondTenAttributesAndOnesSqsCannotCarryAreFolded() {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      headers.put("h" + i, "v" + i);
    }
    headers.put("empty", "");
    headers.put("ünïcödé name", "välue ✓");
    headers.put("control", "a\u0001b\rc");
    headers.put("AWS.reserved", "x");
    headers.put("long", "x".repeat(10_000));
    Message<byte[]> m =
        Message.builder(new byte[] {1, 2, 3})
            .headers(headers)
            .key("k")
            .routingKey("orders.eu")
            .correlationId("c")
            .replyTo("r")
            .contentType("application/octet-stream")
            .subject("s")
            .build();
    SqsWire.Encoded e = SqsWire.encode(m);
    assertThat(e.attributes()).hasSizeLessThanOrEqualTo(10).containsKey(SqsWire.FOLDED);
    assertThat(e.attributes())
        .containsKeys("ce_specversion", "ce_id", "ce_source", "ce_type", "content-type", "ce_time");
    Message<byte[]> back = SqsWire.decode(e.body(), e.attributes(), "sqs-id");
    assertThat(back.headers()).isEqualTo(m.headers());
    assertThat(back.payload()).isEqualTo(m.payload());
    assertThat(back.key()).isEqualTo("k");
    assertThat(back.routingKey()).isEqualTo("orders.eu");
    assertThat(back.correlationId()).isEqualTo("c");
    assertThat(back.replyTo()).isEqualTo("r");
    assertThat(back.subject()).isEqualTo("s");
    assertThat(back.time()).isEqualTo(m.time());
  }

  @Test
  void binaryAndEmptyPayloadsRoundTrip() {
    byte[] binary = {(byte) 0xff, 0, 13, 10, (byte) 0xc3};
    SqsWire.Encoded e = SqsWire.encode(Message.builder(binary).build());
    assertThat(SqsWire.decode(e.body(), e.attributes(), "x").payload()).isEqualTo(binary);
    SqsWire.Encoded empty = SqsWire.encode(Message.builder(new byte[0]).build());
    assertThat(empty.body()).isNotEmpty();
    assertThat(SqsWire.decode(empty.body(), empty.attributes(), "x").payload()).isEmpty();
  }

  @Test
  void theSizeCountsBodyNamesTypesAndValues() {
    SqsWire.Encoded e =
        SqsWire.encode(Message.builder("abc".getBytes(StandardCharsets.UTF_8)).id("i").build());
    int expected = 3;
    for (var a : e.attributes().entrySet()) {
      expected += a.getKey().length() + a.getValue().dataType().length();
      expected += a.getValue().stringValue().getBytes(StandardCharsets.UTF_8).length;
    }
    assertThat(e.size()).isEqualTo(expected);
  }

  @Test
  void subscriptionFiltersSurviveTheQueueTags() {
    Filter f = Filter.routingKey("orders.*.created").andHeader("tenant", "ácme".repeat(200));
    Map<String, String> tags = new SubscriptionTags("t.x", "sub", f).toTags();
    assertThat(tags.values()).allMatch(v -> v.length() <= 256);
    SubscriptionTags back = SubscriptionTags.fromTags(tags).orElseThrow();
    assertThat(back.filter()).isEqualTo(f);
    assertThat(back.topic()).isEqualTo("t.x");
    assertThat(SubscriptionTags.fromTags(Map.of("other", "x"))).isEmpty();
  }

  @Test
  void queueNamesAreValidDistinctAndStable() {
    QueueNames n = new QueueNames("");
    assertThat(n.queue("orders", false)).isEqualTo("orders");
    assertThat(n.queue("orders", true)).isEqualTo("orders.fifo");
    assertThat(n.queue("a.b", false)).isNotEqualTo(n.queue("a_b", false)).matches("[A-Za-z0-9_-]+");
    String longName = "x".repeat(200);
    assertThat(n.queue(longName, true)).hasSizeLessThanOrEqualTo(80).endsWith(".fifo");
    ChannelSpec topic = ChannelSpec.topic("logs.app").build();
    String sub = n.subscriptionQueue(topic, "errors");
    assertThat(sub)
        .startsWith(n.subscriptionListingPrefix("logs.app"))
        .hasSizeLessThanOrEqualTo(80);
    ChannelSpec fifoTopic =
        ChannelSpec.topic("y".repeat(200)).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    String fifoSub = n.subscriptionQueue(fifoTopic, "s".repeat(100));
    assertThat(fifoSub).hasSizeLessThanOrEqualTo(80).endsWith(".fifo");
    assertThat(fifoSub).startsWith(n.subscriptionListingPrefix(fifoTopic.name()));
    assertThat(SqsIds.of("plain-id")).isEqualTo("plain-id");
    assertThat(SqsIds.of("with space")).hasSize(64);
  }
}
