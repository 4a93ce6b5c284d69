package io.hermod.binding.kafka;

import io.hermod.tck.PlainClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain kafka-clients access for the CloudEvents scenario (H01), following the CloudEvents Kafka
 * protocol binding: attributes as {@code ce_*} headers, the content type as {@code content-type}. A
 * queue is read with Hermod's own consumer group for it, so the message is taken from the queue as
 * a competing consumer would. Not thread-safe.
 */
final class KafkaPlainClient implements PlainClient {

  private static final String CE = "ce_";
  private static final String CONTENT_TYPE = "content-type";

  private final String servers;
  private final KafkaProducer<byte[], byte[]> producer;

  KafkaPlainClient(String servers) {
    this.servers = servers;
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
  }

  @Override
  public void sendCloudEvent(String queue, Map<String, String> attributes, byte[] body)
      throws Exception {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(queue, body);
    attributes.forEach(
        (name, value) ->
            record
                .headers()
                .add(
                    name.equals("datacontenttype") ? CONTENT_TYPE : CE + name,
                    value.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get();
  }

  @Override
  public Optional<RawMessage> receive(String queue, Duration timeout) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "hermod." + queue);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "plain-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(queue));
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          consumer.commitSync(
              Map.of(
                  new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()),
                  new org.apache.kafka.clients.consumer.OffsetAndMetadata(r.offset() + 1)));
          return Optional.of(raw(r));
        }
      }
      return Optional.empty();
    }
  }

  private static RawMessage raw(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> ce = new LinkedHashMap<>();
    Map<String, String> other = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      String v = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
      if (h.key().startsWith(CE)) {
        ce.put(h.key().substring(CE.length()), v);
      } else if (h.key().equals(CONTENT_TYPE)) {
        ce.put("datacontenttype", v);
      } else {
        other.put(h.key(), v);
      }
    }
    return new RawMessage(ce, other, r.value() == null ? new byte[0] : r.value());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
