package io.hermod.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MessageTest {

  private static final Instant TIME = Instant.parse("2025-01-02T03:04:05Z");

  private static Message.Builder<String> full() {
    return Message.builder("hello")
        .id("id-1")
        .source("/orders")
        .type("order.created")
        .subject("o-7")
        .time(TIME)
        .contentType("text/plain")
        .key("customer-3")
        .routingKey("orders.eu.created")
        .header("tenant", "acme")
        .header("trace", "t-1")
        .correlationId("c-1")
        .replyTo("replies")
        .expiresAt(TIME.plusSeconds(60))
        .deliverAt(TIME.plusSeconds(5));
  }

  @Test
  void isAFinalClassWithoutPublicConstructors() {
    assertThat(Message.class.isRecord()).isFalse();
    assertThat(Modifier.isFinal(Message.class.getModifiers())).isTrue();
    assertThat(Message.class.getConstructors()).isEmpty();
  }

  @Test
  void theBuilderSetsEveryAttribute() {
    Message<String> m = full().build();
    assertThat(m.id()).isEqualTo("id-1");
    assertThat(m.source()).isEqualTo("/orders");
    assertThat(m.type()).isEqualTo("order.created");
    assertThat(m.subject()).isEqualTo("o-7");
    assertThat(m.time()).isEqualTo(TIME);
    assertThat(m.contentType()).isEqualTo("text/plain");
    assertThat(m.key()).isEqualTo("customer-3");
    assertThat(m.routingKey()).isEqualTo("orders.eu.created");
    assertThat(m.headers()).containsExactly(Map.entry("tenant", "acme"), Map.entry("trace", "t-1"));
    assertThat(m.header("tenant")).isEqualTo("acme");
    assertThat(m.header("absent")).isNull();
    assertThat(m.correlationId()).isEqualTo("c-1");
    assertThat(m.replyTo()).isEqualTo("replies");
    assertThat(m.expiresAt()).isEqualTo(TIME.plusSeconds(60));
    assertThat(m.deliverAt()).isEqualTo(TIME.plusSeconds(5));
    assertThat(m.payload()).isEqualTo("hello");
  }

  @Test
  void ofDefaultsEveryAttribute() {
    Instant before = Instant.now();
    Message<Integer> m = Message.of(42);
    assertThat(m.id()).isNotEmpty();
    assertThat(m.source()).isEqualTo(Message.DEFAULT_SOURCE).isEqualTo("/hermod");
    assertThat(m.type()).isEqualTo(Integer.class.getName());
    assertThat(m.time()).isBetween(before, Instant.now());
    assertThat(m.headers()).isEmpty();
    assertThat(m.subject()).isNull();
    assertThat(m.contentType()).isNull();
    assertThat(m.key()).isNull();
    assertThat(m.routingKey()).isNull();
    assertThat(m.correlationId()).isNull();
    assertThat(m.replyTo()).isNull();
    assertThat(m.expiresAt()).isNull();
    assertThat(m.deliverAt()).isNull();
    assertThat(m.payload()).isEqualTo(42);
  }

  @Test
  void toBuilderRoundTripsEveryAttribute() {
    Message<String> m = full().build();
    Message<String> copy = m.toBuilder().build();
    assertThat(copy).isNotSameAs(m).isEqualTo(m).hasSameHashCodeAs(m);
    assertThat(copy.toString()).isEqualTo(m.toString());
    assertThat(m.toBuilder().key("other").build().key()).isEqualTo("other");
    assertThat(m.key()).isEqualTo("customer-3");
  }

  @Test
  void equalityCoversEveryAttributeAndThePayload() {
    Message<String> m = full().build();
    Map<String, UnaryOperator<Message.Builder<String>>> changes = new LinkedHashMap<>();
    changes.put("id", b -> b.id("id-2"));
    changes.put("source", b -> b.source("/other"));
    changes.put("type", b -> b.type("other"));
    changes.put("subject", b -> b.subject(null));
    changes.put("time", b -> b.time(TIME.plusMillis(1)));
    changes.put("contentType", b -> b.contentType("application/json"));
    changes.put("key", b -> b.key(null));
    changes.put("routingKey", b -> b.routingKey("orders.us.created"));
    changes.put("headers", b -> b.header("tenant", "other"));
    changes.put("correlationId", b -> b.correlationId("c-2"));
    changes.put("replyTo", b -> b.replyTo(null));
    changes.put("expiresAt", b -> b.expiresAt(null));
    changes.put("deliverAt", b -> b.deliverAt(TIME));
    changes.forEach(
        (what, change) -> {
          Message<String> other = change.apply(m.toBuilder()).build();
          assertThat(other).as("differs in %s", what).isNotEqualTo(m);
          assertThat(other.hashCode()).as("hash differs in %s", what).isNotEqualTo(m.hashCode());
        });
    assertThat(m.withPayload("bye")).isNotEqualTo(m);
    assertThat(m).isNotEqualTo(null).isNotEqualTo("hello").isEqualTo(m);
  }

  @Test
  void headersInADifferentOrderAreEqualLikeMaps() {
    Message<String> a = full().build();
    Message<String> reversed =
        Message.builder("hello")
            .id("id-1")
            .source("/orders")
            .type("order.created")
            .subject("o-7")
            .time(TIME)
            .contentType("text/plain")
            .key("customer-3")
            .routingKey("orders.eu.created")
            .header("trace", "t-1")
            .header("tenant", "acme")
            .correlationId("c-1")
            .replyTo("replies")
            .expiresAt(TIME.plusSeconds(60))
            .deliverAt(TIME.plusSeconds(5))
            .build();
    assertThat(reversed).isEqualTo(a).hasSameHashCodeAs(a);
  }

  @Test
  void aByteArrayPayloadIsComparedByIdentityAsTheRecordDid() {
    byte[] bytes = {1, 2, 3};
    Message<byte[]> m = Message.builder(bytes).id("id-1").time(TIME).build();
    assertThat(m.toBuilder().build()).isEqualTo(m);
    assertThat(m.withPayload(bytes.clone())).isNotEqualTo(m);
  }

  @Test
  void toStringListsEveryAttributeLikeTheRecordDid() {
    assertThat(full().build())
        .hasToString(
            "Message[id=id-1, source=/orders, type=order.created, subject=o-7,"
                + " time=2025-01-02T03:04:05Z, contentType=text/plain, key=customer-3,"
                + " routingKey=orders.eu.created, headers={tenant=acme, trace=t-1},"
                + " correlationId=c-1, replyTo=replies, expiresAt=2025-01-02T03:05:05Z,"
                + " deliverAt=2025-01-02T03:04:10Z, payload=hello]");
    assertThat(Message.builder("x").id("i").type("t").time(TIME).build())
        .hasToString(
            "Message[id=i, source=/hermod, type=t, subject=null, time=2025-01-02T03:04:05Z,"
                + " contentType=null, key=null, routingKey=null, headers={}, correlationId=null,"
                + " replyTo=null, expiresAt=null, deliverAt=null, payload=x]");
  }

  @Test
  void withPayloadKeepsEveryAttribute() {
    Message<String> m = full().build();
    Message<Integer> n = m.withPayload(7);
    assertThat(n.payload()).isEqualTo(7);
    assertThat(n.withPayload("hello")).isEqualTo(m);
  }

  @Test
  void withPayloadAndContentTypeChangesOnlyThoseTwo() {
    Message<String> m = full().build();
    Message<byte[]> encoded = m.withPayload(new byte[] {1}, "application/x-test");
    assertThat(encoded.contentType()).isEqualTo("application/x-test");
    assertThat(encoded.withPayload(m.payload(), m.contentType())).isEqualTo(m);
    assertThat(m.withPayload(m.payload(), m.contentType())).isSameAs(m);
    assertThatThrownBy(() -> m.withPayload("y", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("content type");
  }

  @Test
  void ofIsWhatTheBuilderMakesWithDefaults() {
    Message<String> of = Message.of("x");
    Message<String> built = Message.builder("x").id(of.id()).time(of.time()).build();
    assertThat(of).isEqualTo(built);
    assertThat(Message.of("x").id()).isNotEqualTo(of.id());
    assertThatThrownBy(() -> Message.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payload");
  }

  @Test
  void headersAreFrozenAndCopied() {
    Message.Builder<String> b = Message.builder("x").header("a", "1");
    Message<String> m = b.build();
    b.header("b", "2");
    assertThat(m.headers()).containsOnlyKeys("a");
    assertThatThrownBy(() -> m.headers().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Message.of("x").headers().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requiredAttributesAreChecked() {
    assertThatThrownBy(() -> Message.builder("x").id("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message id must not be empty");
    assertThatThrownBy(() -> Message.builder("x").source(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
    assertThatThrownBy(() -> Message.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payload");
    assertThatThrownBy(() -> Message.of("x").withPayload(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payload");
    assertThatThrownBy(() -> Message.builder("x").header("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }

  @Test
  void expiryIsInclusiveOfTheInstant() {
    Message<String> m = Message.builder("x").expiresAt(TIME).build();
    assertThat(m.isExpired(TIME.minusMillis(1))).isFalse();
    assertThat(m.isExpired(TIME)).isTrue();
    assertThat(Message.of("x").isExpired(Instant.MAX)).isFalse();
  }

  @Test
  void theOnlyHeaderAddedIsFrozenToo() {
    Message<String> m = Message.of("x").withHeaders(java.util.Map.of("traceparent", "tp"));
    assertThat(m.headers()).containsExactly(java.util.Map.entry("traceparent", "tp"));
    assertThatThrownBy(() -> m.headers().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(m.withHeaders(java.util.Map.of("a", "1")).headers())
        .containsExactly(java.util.Map.entry("traceparent", "tp"), java.util.Map.entry("a", "1"));
    assertThat(m.toBuilder().build()).isEqualTo(m);
    java.util.Map<String, String> nullValue = new java.util.HashMap<>();
    nullValue.put("a", null);
    assertThatThrownBy(() -> Message.of("x").withHeaders(nullValue))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("header value");
  }

  @Test
  void withHeadersAddsAndReplacesAndKeepsEverythingElse() {
    Message<String> m =
        Message.builder("p").key("k").correlationId("c").header("a", "1").header("b", "2").build();
    Message<String> more = m.withHeaders(java.util.Map.of("b", "3", "traceparent", "tp"));
    assertThat(more.headers())
        .containsExactly(
            java.util.Map.entry("a", "1"),
            java.util.Map.entry("b", "3"),
            java.util.Map.entry("traceparent", "tp"));
    assertThat(more.id()).isEqualTo(m.id());
    assertThat(more.key()).isEqualTo("k");
    assertThat(more.correlationId()).isEqualTo("c");
    assertThat(m.headers()).containsOnlyKeys("a", "b");
    assertThat(m.withHeaders(java.util.Map.of())).isSameAs(m);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> more.headers().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(more.withPayload(1).headers()).isEqualTo(more.headers());
  }
}
