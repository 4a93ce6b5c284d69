package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.CompactAttributes;
import io.hermod.spi.support.WireHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Maps messages to Kafka records and back: CloudEvents Kafka binding headers ({@code ce_*}, {@code
 * content-type}) or, with {@code hermod.kafka.wire-format=compact}, one header of {@link
 * CompactAttributes} (read either way), the ordering key as the record key, plus two
 * binding-private headers for redelivery. Stateless and thread-safe.
 */
final class KafkaWire {

  /** How many times the record's message was delivered before this copy; absent means none. */
  static final String DELIVERY_COUNT = "hermod_kafka_delivery_count";

  /**
   * On a redelivery copy: the consumer group it is meant for. Other groups of the same topic skip
   * it, since a nack in one subscription must not duplicate the message in the others.
   */
  static final String RETRY_FOR_GROUP = "hermod_kafka_retry_for";

  private KafkaWire() {}

  /**
   * The record carrying {@code message} to {@code topic}.
   *
   * @param topic the topic
   * @param partition the partition, or {@code null} for the producer's partitioner
   * @param message the message
   * @param compact whether the attributes go as Hermod's compact header instead of CloudEvents
   *     headers
   * @return the record
   */
  static ProducerRecord<byte[], byte[]> toRecord(
      String topic, @Nullable Integer partition, Message<byte[]> message, boolean compact) {
    Headers headers = new RecordHeaders();
    BiConsumer<String, String> add = (k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8));
    if (compact) {
      CompactAttributes.writeUnpackedHeaders(message, add);
      headers.add(CompactAttributes.HEADER, CompactAttributes.encode(message));
    } else {
      WireHeaders.KAFKA.writeHeaders(message, add);
    }
    byte[] key = message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(
        topic, partition, message.time().toEpochMilli(), key, message.payload(), headers);
  }

  /**
   * A copy of {@code record} to be delivered again to {@code group} only, on the same partition.
   *
   * @param record the record that was nacked
   * @param group the consumer group that nacked it
   * @param deliveries how many times it has been delivered so far
   * @return the copy
   */
  static ProducerRecord<byte[], byte[]> redeliveryCopy(
      ConsumerRecord<byte[], byte[]> record, String group, int deliveries) {
    Headers headers = new RecordHeaders();
    for (Header h : record.headers()) {
      if (!h.key().equals(DELIVERY_COUNT) && !h.key().equals(RETRY_FOR_GROUP)) {
        headers.add(h);
      }
    }
    headers.add(DELIVERY_COUNT, Integer.toString(deliveries).getBytes(StandardCharsets.UTF_8));
    headers.add(RETRY_FOR_GROUP, group.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        record.topic(),
        record.partition(),
        record.timestamp(),
        record.key(),
        record.value(),
        headers);
  }

  /**
   * What a consumed record carries, read in one pass over its headers: the message's protocol
   * headers, straight into a {@link WireHeaders.Reader}, and the binding's two redelivery headers.
   *
   * @param record the record
   * @param reader the message's protocol headers, read (the last of a name wins)
   * @param earlierDeliveries how many times the message was delivered before this record, {@code >=
   *     0}
   * @param retryFor on a redelivery copy, the consumer group it is meant for
   */
  record Incoming(
      ConsumerRecord<byte[], byte[]> record,
      WireHeaders.Reader reader,
      int earlierDeliveries,
      @Nullable String retryFor) {

    /**
     * Whether this is a redelivery copy meant for another group, which {@code group} must skip.
     *
     * @param group this consumer's group
     * @return {@code true} if this group must skip it
     */
    boolean isForOtherGroup(String group) {
      return retryFor != null && !retryFor.equals(group);
    }

    /**
     * The message. A record without CloudEvents headers (a plain producer's) gets its coordinates
     * as id, and its record key as ordering key. A structured-mode CloudEvent ({@code content-type:
     * application/cloudevents+json}) is read from the value (see {@link StructuredCloudEvents}).
     *
     * @return the message
     * @throws RuntimeException if the headers, or a structured-mode value, do not make a valid
     *     message
     */
    Message<byte[]> message() {
      WireHeaders wire = WireHeaders.KAFKA;
      Message<byte[]> m;
      if (StructuredCloudEvents.isJsonFormat(reader.contentType())) {
        // Structured mode (rare): the event in the value, read into the headers binary mode would
        // have had. Binary-mode headers a producer may add beside it are kept; the event wins.
        byte[] value = record.value() == null ? new byte[0] : record.value();
        StructuredCloudEvents.Event event = StructuredCloudEvents.read(value, wire);
        Map<String, String> headers = protocolHeaders(record);
        headers.remove(wire.contentTypeHeader());
        headers.putAll(event.headers());
        m = wire.fromHeaders(headers, event.data(), reference(record));
      } else {
        m = reader.message(reference(record));
      }
      if (m.key() == null && record.key() != null) {
        // A plain producer's record key is the ordering key too.
        m = m.toBuilder().key(new String(record.key(), StandardCharsets.UTF_8)).build();
      }
      return m;
    }
  }

  /**
   * Reads a consumed record's headers once.
   *
   * @param record the record
   * @return what it carries
   */
  static Incoming read(ConsumerRecord<byte[], byte[]> record) {
    WireHeaders.Reader reader =
        WireHeaders.KAFKA.reader(record.value() == null ? new byte[0] : record.value());
    int earlierDeliveries = 0;
    String retryFor = null;
    for (Header h : record.headers()) {
      String key = h.key();
      if (key.equals(CompactAttributes.HEADER)) {
        // Binary: read as it is, never decoded as text.
        reader.compact(h.value() == null ? new byte[0] : h.value());
        continue;
      }
      String value = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
      if (key.equals(DELIVERY_COUNT)) {
        earlierDeliveries = deliveryCount(value);
      } else if (key.equals(RETRY_FOR_GROUP)) {
        retryFor = value;
      } else {
        reader.header(key, value == null ? "" : value);
      }
    }
    return new Incoming(record, reader, earlierDeliveries, retryFor);
  }

  /** A record's headers other than the binding's own, by name (the last of a name wins). */
  private static Map<String, String> protocolHeaders(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      String key = h.key();
      if (!key.equals(DELIVERY_COUNT) && !key.equals(RETRY_FOR_GROUP)) {
        headers.put(key, h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return headers;
  }

  /**
   * The message a record carries (see {@link Incoming#message()}).
   *
   * @param record the record
   * @return the message
   */
  static Message<byte[]> toMessage(ConsumerRecord<byte[], byte[]> record) {
    return read(record).message();
  }

  /**
   * The broker's reference of a record: topic, partition and offset.
   *
   * @param record the record
   * @return e.g. {@code orders-3@42}
   */
  static String reference(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static int deliveryCount(@Nullable String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
