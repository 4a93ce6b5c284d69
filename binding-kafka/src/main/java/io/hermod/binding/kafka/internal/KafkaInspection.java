package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.QueueInspection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Browses a dead-letter topic with a group-less consumer from the start of every partition to the
 * end offsets taken when browsing began; removes a record by appending its position ({@code
 * partition:offset}, the message id as value) to the compacted topic {@code <topic>}{@value
 * #REMOVED_SUFFIX}, which every later browse reads first and skips. A Kafka topic cannot delete a
 * record, and positions (not ids) are recorded so that a message dead-lettered again after a
 * redrive is seen again. A marker is durable once the producer's send completed. Hermod consumers
 * subscribed to the dead-letter topic itself do not consult the markers. Not thread-safe.
 */
final class KafkaInspection implements QueueInspection {

  static final String REMOVED_SUFFIX = ".hermod-removed";

  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final Producer<byte[], byte[]> producer;
  private final KafkaErrors errors;
  private final long timeoutMillis;
  private final Map<String, List<String>> positions = new HashMap<>();

  KafkaInspection(
      String topic,
      Supplier<Consumer<byte[], byte[]>> consumers,
      Producer<byte[], byte[]> producer,
      KafkaErrors errors,
      long timeoutMillis) {
    this.topic = topic;
    this.consumers = consumers;
    this.producer = producer;
    this.errors = errors;
    this.timeoutMillis = timeoutMillis;
  }

  static String removedTopic(String topic) {
    return topic + REMOVED_SUFFIX;
  }

  @Override
  public void browse(Predicate<Message<byte[]>> visitor) {
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      Set<String> removed = new HashSet<>();
      readAll(
          consumer,
          removedTopic(topic),
          r -> {
            removed.add(new String(r.key(), StandardCharsets.UTF_8));
            return true;
          });
      readAll(
          consumer,
          topic,
          r -> {
            String position = r.partition() + ":" + r.offset();
            if (removed.contains(position)) {
              return true;
            }
            Message<byte[]> m = KafkaWire.toMessage(r);
            positions.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(position);
            return visitor.test(m);
          });
    } catch (RuntimeException e) {
      throw errors.translate(e, topic, "browsing dead-letter topic " + topic);
    }
  }

  /** Reads a topic from its start to its end offsets now, until the visitor says stop. */
  private void readAll(
      Consumer<byte[], byte[]> consumer,
      String name,
      Predicate<ConsumerRecord<byte[], byte[]>> visitor) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(name, Duration.ofMillis(timeoutMillis))) {
      partitions.add(new TopicPartition(name, p.partition()));
    }
    if (partitions.isEmpty()) {
      return;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end =
        new HashMap<>(consumer.endOffsets(partitions, Duration.ofMillis(timeoutMillis)));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      if (end.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read topic " + name + " to its end within " + timeoutMillis + " ms");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        Long last = end.get(new TopicPartition(name, r.partition()));
        if (last != null && r.offset() < last && !visitor.test(r)) {
          return;
        }
      }
    }
  }

  @Override
  public Set<String> remove(Set<String> ids) {
    Map<String, List<Future<?>>> sends = new HashMap<>();
    try {
      for (String id : ids) {
        for (String position : positions.getOrDefault(id, List.of())) {
          sends
              .computeIfAbsent(id, k -> new ArrayList<>())
              .add(
                  producer.send(
                      new ProducerRecord<>(
                          removedTopic(topic),
                          0,
                          position.getBytes(StandardCharsets.UTF_8),
                          id.getBytes(StandardCharsets.UTF_8))));
        }
      }
      producer.flush();
      Set<String> removed = new HashSet<>();
      for (Map.Entry<String, List<Future<?>>> e : sends.entrySet()) {
        for (Future<?> f : e.getValue()) {
          f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        removed.add(e.getKey());
        positions.remove(e.getKey());
      }
      return removed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, topic, "recording removals from dead-letter topic " + topic);
    } catch (Exception e) {
      throw errors.translate(e, topic, "recording removals from dead-letter topic " + topic);
    }
  }

  @Override
  public void close() {}
}
