package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireHeadersTest {

  private static Message<byte[]> everything() {
    return Message.builder(new byte[] {1, 2})
        .id("m-1")
        .source("/orders")
        .type("order.placed")
        .subject("o-7")
        .time(Instant.parse("2026-11-26T04:12:00.123Z"))
        .contentType("application/json")
        .key("customer-1")
        .routingKey("eu.orders")
        .correlationId("c-1")
        .replyTo("replies")
        .expiresAt(Instant.parse("2026-11-26T05:00:00Z"))
        .deliverAt(Instant.parse("2026-11-26T04:13:00Z"))
        .header("tenant", "acme")
        .build();
  }

  @Test
  void everyAttributeTravelsUnderItsPrefixedNameAndComesBack() {
    for (WireHeaders mapping :
        new WireHeaders[] {WireHeaders.KAFKA, WireHeaders.JMS, WireHeaders.SQS}) {
      Message<byte[]> m = everything();
      Map<String, String> h = mapping.toHeaders(m);
      String p = mapping.cePrefix();
      assertThat(h)
          .containsEntry(p + "specversion", "1.0")
          .containsEntry(p + "id", "m-1")
          .containsEntry(p + "time", "2026-11-26T04:12:00.123Z")
          .containsEntry(p + "hermodroutingkey", "eu.orders")
          .containsEntry(p + "hermodexpiresat", "2026-11-26T05:00:00Z")
          .containsEntry(mapping.contentTypeHeader(), "application/json")
          .containsEntry("tenant", "acme");
      Message<byte[]> back = mapping.fromHeaders(h, m.payload(), "fallback");
      assertThat(back).isEqualTo(m);
    }
  }

  @Test
  void unknownPrefixedHeadersStayApplicationHeadersAndAMissingIdFallsBack() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ce_specversion", "1.0");
    h.put("ce_type", "t");
    h.put("ce_partitionkey", "p");
    h.put("plain", "v");
    Message<byte[]> m = WireHeaders.KAFKA.fromHeaders(h, new byte[0], "broker-42");
    assertThat(m.id()).isEqualTo("broker-42");
    assertThat(m.type()).isEqualTo("t");
    assertThat(m.headers())
        .containsExactly(Map.entry("ce_partitionkey", "p"), Map.entry("plain", "v"));
  }

  @Test
  void traceContextTravelsAsTheCloudEventsDistributedTracingExtension() {
    Message<byte[]> m =
        Message.builder(new byte[] {1})
            .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .header("tracestate", "vendor=x")
            .build();
    Map<String, String> wire = WireHeaders.KAFKA.toHeaders(m);
    assertThat(wire)
        .containsEntry("ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .containsEntry("ce_tracestate", "vendor=x")
        .doesNotContainKeys("traceparent", "tracestate");
    Message<byte[]> back = WireHeaders.KAFKA.fromHeaders(wire, m.payload(), "fallback");
    assertThat(back.headers()).isEqualTo(m.headers());
    assertThat(WireHeaders.JMS.toHeaders(m)).containsKey("cloudEvents_traceparent");
  }
}
