package io.hermod.binding.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import io.hermod.api.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AMQP 0-9-1 form of a message: CloudEvents names, properties, long header names. */
class RabbitMqWireTest {

  @Test
  void attributesTravelAsCloudEventsHeadersAndTheContentTypeAsTheProperty() {
    Message<byte[]> m =
        Message.builder("x".getBytes(StandardCharsets.UTF_8))
            .id("id-1")
            .key("k")
            .routingKey("orders.eu")
            .contentType("application/json")
            .correlationId("c-1")
            .header("app", "v")
            .build();
    AMQP.BasicProperties p = RabbitMqWire.properties(m, true, Instant.now(), false);
    assertThat(p.getContentType()).isEqualTo("application/json");
    assertThat(p.getMessageId()).isEqualTo("id-1");
    assertThat(p.getCorrelationId()).isEqualTo("c-1");
    assertThat(p.getDeliveryMode()).isEqualTo(2);
    assertThat(p.getHeaders())
        .containsEntry("cloudEvents:id", "id-1")
        .containsEntry("cloudEvents:specversion", "1.0")
        .containsEntry("cloudEvents:hermodkey", "k")
        .containsEntry("cloudEvents:hermodroutingkey", "orders.eu")
        .containsEntry("app", "v")
        .doesNotContainKey("content-type");
  }

  @Test
  void aHeaderNameLongerThanAnAmqpShortStringRoundTrips() {
    String longName = "n".repeat(300);
    Message<byte[]> m = Message.builder(new byte[0]).id("id-2").header(longName, "value").build();
    AMQP.BasicProperties sent = RabbitMqWire.properties(m, false, Instant.now(), false);
    assertThat(sent.getHeaders())
        .doesNotContainKey(longName)
        .containsKey(RabbitMqWire.LONG_HEADERS);
    // As the client reads it back: strings arrive as LongString.
    Map<String, Object> received = new HashMap<>();
    sent.getHeaders()
        .forEach(
            (k, v) ->
                received.put(
                    k,
                    v instanceof List<?> list
                        ? list.stream().map(o -> LongStringHelper.asLongString((String) o)).toList()
                        : LongStringHelper.asLongString((String) v)));
    received.put("x-delivery-count", 3L);
    Message<byte[]> back =
        RabbitMqWire.message(sent.builder().headers(received).build(), new byte[0], "fallback");
    assertThat(back.id()).isEqualTo("id-2");
    assertThat(back.headers())
        .containsEntry(longName, "value")
        .doesNotContainKey("x-delivery-count");
    assertThat(RabbitMqWire.earlierDeliveries(sent.builder().headers(received).build()))
        .isEqualTo(3);
  }
}
