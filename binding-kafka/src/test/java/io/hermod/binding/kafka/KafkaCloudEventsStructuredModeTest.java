package io.hermod.binding.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.tck.Deadlines;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents written by the CloudEvents Java SDK itself ({@code cloudevents-kafka} with the
 * Jackson JSON format) with a raw {@code KafkaProducer}, in structured mode and in binary mode,
 * read by Hermod on typed channels through core.
 */
class KafkaCloudEventsStructuredModeTest {

  /** The payload type of the typed channel; none of its names is a CloudEvents attribute. */
  public record Order(String sku, int quantity) {}

  private static final OffsetDateTime TIME =
      OffsetDateTime.of(2026, 5, 4, 3, 2, 1, 0, ZoneOffset.UTC);

  private static KafkaProducer<String, CloudEvent> sdkProducer(
      KafkaBroker broker, Encoding encoding) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
    p.put(CloudEventSerializer.ENCODING_CONFIG, encoding);
    p.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
    return new KafkaProducer<>(p);
  }

  private static CloudEventBuilder event(String id) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(URI.create("/shop/orders"))
        .withType("com.example.order.created")
        .withSubject("order-17")
        .withTime(TIME)
        .withExtension("tenant", "acme")
        .withExtension("priority", 3);
  }

  @Test
  void structuredAndBinaryEventsFromTheSdkAreReadAsTypedMessages() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ChannelSpec orders = ChannelSpec.queue("it-ce-orders-" + suffix).build();
    ChannelSpec blobs = ChannelSpec.queue("it-ce-blobs-" + suffix).build();
    Map<String, String> config =
        Map.of(
            "hermod.binding", "kafka", "hermod.kafka.bootstrap-servers", broker.bootstrapServers());
    Map<String, Message<Order>> gotOrders = new ConcurrentHashMap<>();
    Map<String, Message<byte[]>> gotBlobs = new ConcurrentHashMap<>();
    try (Messaging messaging =
        Hermod.builder().config(config).declare(orders).declare(blobs).build()) {
      messaging.subscribe(
          orders.name(), Order.class, d -> gotOrders.put(d.message().id(), d.message()));
      messaging.subscribe(
          blobs.name(), byte[].class, d -> gotBlobs.put(d.message().id(), d.message()));

      byte[] json = "{\"sku\":\"A-1\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8);
      try (KafkaProducer<String, CloudEvent> structured = sdkProducer(broker, Encoding.STRUCTURED);
          KafkaProducer<String, CloudEvent> binary = sdkProducer(broker, Encoding.BINARY)) {
        // JSON data, written by the SDK as a JSON value under "data".
        var sent =
            structured
                .send(
                    new ProducerRecord<>(
                        orders.name(),
                        "order-17",
                        event("ce-structured-json")
                            .withDataContentType("application/json")
                            .withExtension("hermodcorrelationid", "corr-9")
                            .withData(json)
                            .build()))
                .get(30, TimeUnit.SECONDS);
        assertThat(sent.topic()).isEqualTo(orders.name());
        // No datacontenttype: the JSON format says data held as JSON is application/json.
        structured
            .send(
                new ProducerRecord<>(
                    orders.name(), event("ce-structured-implicit").withData(json).build()))
            .get(30, TimeUnit.SECONDS);
        // The same event in binary mode, on the same channel: both modes side by side.
        binary
            .send(
                new ProducerRecord<>(
                    orders.name(),
                    event("ce-binary")
                        .withDataContentType("application/json")
                        .withData(json)
                        .build()))
            .get(30, TimeUnit.SECONDS);
        // Binary data: the SDK writes "data_base64".
        structured
            .send(
                new ProducerRecord<>(
                    blobs.name(),
                    event("ce-structured-bytes")
                        .withDataContentType("application/octet-stream")
                        .withData(new byte[] {0, 1, 2, (byte) 0xff})
                        .build()))
            .get(30, TimeUnit.SECONDS);
        // Text data: the SDK writes it as a JSON string under "data".
        structured
            .send(
                new ProducerRecord<>(
                    blobs.name(),
                    event("ce-structured-text")
                        .withDataContentType("text/plain; charset=utf-8")
                        .withData("ünï \"quoted\"".getBytes(StandardCharsets.UTF_8))
                        .build()))
            .get(30, TimeUnit.SECONDS);
        // What the SDK put on the wire, so the test is known to cover structured mode.
        assertThat(contentTypeOf(structured, orders.name()))
            .isEqualTo("application/cloudevents+json");
      }

      Deadlines.await(
          "3 orders and 2 blobs",
          Duration.ofSeconds(60),
          () -> gotOrders.size() == 3 && gotBlobs.size() == 2,
          () -> "orders " + gotOrders.keySet() + ", blobs " + gotBlobs.keySet());
    }

    Message<Order> m = gotOrders.get("ce-structured-json");
    assertThat(m).as("the structured event by its CloudEvents id").isNotNull();
    assertThat(m.payload()).isEqualTo(new Order("A-1", 2));
    assertThat(m.source()).isEqualTo("/shop/orders");
    assertThat(m.type()).isEqualTo("com.example.order.created");
    assertThat(m.subject()).isEqualTo("order-17");
    assertThat(m.time()).isEqualTo(Instant.parse("2026-05-04T03:02:01Z"));
    assertThat(m.contentType()).isEqualTo("application/json");
    assertThat(m.key()).isEqualTo("order-17");
    assertThat(m.correlationId())
        .as("a Hermod extension, mapped as in binary mode")
        .isEqualTo("corr-9");
    assertThat(m.headers())
        .as("extensions become headers exactly as binary mode maps them")
        .containsEntry("ce_tenant", "acme")
        .containsEntry("ce_priority", "3")
        .doesNotContainKeys("ce_id", "ce_specversion", "ce_source", "content-type", "data");

    Message<Order> implicit = gotOrders.get("ce-structured-implicit");
    assertThat(implicit.payload()).isEqualTo(new Order("A-1", 2));
    assertThat(implicit.contentType()).isEqualTo("application/json");

    Message<Order> binary = gotOrders.get("ce-binary");
    assertThat(binary.payload()).isEqualTo(new Order("A-1", 2));
    assertThat(binary.headers()).isEqualTo(implicit.headers());
    assertThat(binary.source()).isEqualTo(m.source());
    assertThat(binary.time()).isEqualTo(m.time());

    Message<byte[]> bytes = gotBlobs.get("ce-structured-bytes");
    assertThat(bytes.payload()).containsExactly(0, 1, 2, 0xff);
    assertThat(bytes.contentType()).isEqualTo("application/octet-stream");
    Message<byte[]> text = gotBlobs.get("ce-structured-text");
    assertThat(new String(text.payload(), StandardCharsets.UTF_8)).isEqualTo("ünï \"quoted\"");
    assertThat(text.contentType()).isEqualTo("text/plain; charset=utf-8");
  }

  /** The content-type header the SDK's structured serializer writes. */
  private static String contentTypeOf(KafkaProducer<String, CloudEvent> producer, String topic) {
    try (CloudEventSerializer serializer = new CloudEventSerializer()) {
      serializer.configure(
          Map.of(
              CloudEventSerializer.ENCODING_CONFIG,
              Encoding.STRUCTURED,
              CloudEventSerializer.EVENT_FORMAT_CONFIG,
              JsonFormat.CONTENT_TYPE),
          false);
      var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
      serializer.serialize(topic, headers, event("probe").build());
      Header h = headers.lastHeader("content-type");
      return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
  }
}
