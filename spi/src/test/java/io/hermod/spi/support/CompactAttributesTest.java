package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.Message;
import io.hermod.api.StandardHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactAttributesTest {

  private static Message<byte[]> roundTrip(Message<byte[]> m) {
    Map<String, String> unpacked = new LinkedHashMap<>();
    CompactAttributes.writeUnpackedHeaders(m, unpacked::put);
    WireHeaders.Reader reader = WireHeaders.KAFKA.reader(m.payload());
    unpacked.forEach(reader::header);
    reader.compact(CompactAttributes.encode(m));
    return reader.message("fallback");
  }

  @Test
  void everyAttributeAndHeaderSurvivesTheRoundTrip() {
    Message<byte[]> m =
        Message.builder("x".getBytes(StandardCharsets.UTF_8))
            .id("id-\u00e9\u4e2d\ud83d\ude00")
            .source("/shop/\u00fcber")
            .type("com.example.Order")
            .subject("order-17")
            .time(Instant.ofEpochSecond(-86_400L * 365 * 80, 123_456_789))
            .contentType("application/json; charset=utf-8")
            .key("k\u00e9")
            .routingKey("orders.eu.created")
            .correlationId("c-1")
            .replyTo("replies")
            .expiresAt(Instant.parse("2030-01-02T03:04:05.000000006Z"))
            .deliverAt(Instant.MAX)
            .header(
                StandardHeaders.TRACEPARENT,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .header(StandardHeaders.TRACESTATE, "congo=t61rcWkgMzE")
            .header("x-tenant", "acme")
            .header("empty", "")
            .build();
    assertThat(roundTrip(m)).isEqualTo(m);
  }

  @Test
  void aMinimalMessageKeepsItsDefaultsAndTheTraceContextIsPackedNotAHeaderOfItsOwn() {
    Message<byte[]> m =
        Message.of(new byte[] {1, 2}).toBuilder().header("traceparent", "t").build();
    Map<String, String> unpacked = new LinkedHashMap<>();
    CompactAttributes.writeUnpackedHeaders(m, unpacked::put);
    assertThat(unpacked).isEmpty();
    assertThat(roundTrip(m)).isEqualTo(m);
  }

  @Test
  void anotherVersionATruncatedValueAnUnknownTagOrNoIdAreRefused() {
    byte[] good = CompactAttributes.encode(Message.of(new byte[0]));
    byte[] version2 = good.clone();
    version2[0] = 2;
    assertThatThrownBy(() -> WireHeaders.KAFKA.reader(new byte[0]).compact(version2))
        .hasMessage("compact attributes of version 2; this Hermod reads version 1");
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> WireHeaders.KAFKA.reader(new byte[0]).compact(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("compact attributes:");
    assertThatThrownBy(() -> WireHeaders.KAFKA.reader(new byte[0]).compact(new byte[] {1, 99}))
        .hasMessage("compact attributes: unknown tag 99");
    assertThatThrownBy(() -> WireHeaders.KAFKA.reader(new byte[0]).compact(new byte[] {1, 0}))
        .hasMessage("compact attributes without a message id");
  }

  @Test
  void itIsSmallerThanTheCloudEventsHeadersItReplaces() {
    Message<byte[]> m = Message.builder(new byte[0]).key("k3").contentType("text/plain").build();
    int cloudEvents =
        WireHeaders.KAFKA.toHeaders(m).entrySet().stream()
            .mapToInt(e -> e.getKey().length() + e.getValue().length())
            .sum();
    byte[] compact = CompactAttributes.encode(m);
    assertThat(compact.length + CompactAttributes.HEADER.length()).isLessThan(cloudEvents);
  }
}
