package io.hermod.bench.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw Kafka baseline, written as an expert would: one idempotent {@code acks=all} producer with
 * a short linger, a poll loop per consumer committing asynchronously after each batch, and RPC over
 * a request and a reply topic matched by a correlation header. With {@code cloudEvents}, every
 * record carries Hermod's CloudEvents headers and the consumer reads them. Not thread-safe.
 */
final class KafkaRawTransport implements Transport {

  // The binding's default: the producer's sender and the consumer do work per partition.
  private static final int PARTITIONS = 8;
  private static final String CORRELATION = "correlation-id";

  private final String bootstrap;
  private final boolean cloudEvents;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** Bytes of header values read, so that reading them is never optimised away. */
  private final LongAdder headerChars = new LongAdder();

  KafkaRawTransport(String bootstrap, boolean cloudEvents) {
    this.bootstrap = bootstrap;
    this.cloudEvents = cloudEvents;
    admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    producer = producer(5);
  }

  @Override
  public String side() {
    return "raw";
  }

  @Override
  public Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) throws Exception {
    createTopics(name);
    Poller poller =
        new Poller(
            name,
            (r, c) -> {
              if (cloudEvents) {
                long chars = 0;
                for (Header h : r.headers()) {
                  chars +=
                      h.key().length() + new String(h.value(), StandardCharsets.UTF_8).length();
                }
                headerChars.add(chars);
              }
              sink.accept(r.value());
            });
    open.add(poller);
    return new Channel() {
      @Override
      public CompletableFuture<?> send(byte[] payload, long seq) {
        byte[] key = exactlyOnce ? Payloads.key(seq).getBytes(StandardCharsets.UTF_8) : null;
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(name, key, payload);
        if (cloudEvents) {
          CloudEventsAttributes.CE.write(
              seq, (k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return KafkaRawTransport.send(producer, record);
      }

      @Override
      public void close() {
        poller.close();
      }
    };
  }

  @Override
  public Rpc rpc(String name) throws Exception {
    String replies = name + ".replies";
    createTopics(name, replies);
    // Requests go out at once: linger would only add latency to a one-at-a-time caller.
    KafkaProducer<byte[], byte[]> eager = producer(0);
    Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    Poller responder =
        new Poller(
            name,
            (r, c) -> {
              ProducerRecord<byte[], byte[]> reply = new ProducerRecord<>(replies, r.value());
              reply.headers().add(r.headers().lastHeader(CORRELATION));
              eager.send(reply);
            });
    Poller replyReader =
        new Poller(
            replies,
            (r, c) -> {
              Header h = r.headers().lastHeader(CORRELATION);
              CompletableFuture<byte[]> f =
                  waiting.remove(new String(h.value(), StandardCharsets.UTF_8));
              if (f != null) {
                f.complete(r.value());
              }
            });
    return new Rpc() {
      @Override
      public byte[] call(byte[] request) throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(name, request);
        record.headers().add(CORRELATION, id.getBytes(StandardCharsets.UTF_8));
        eager.send(record);
        return reply.get(60, TimeUnit.SECONDS);
      }

      @Override
      public void close() {
        replyReader.close();
        responder.close();
        eager.close(Duration.ofSeconds(5));
      }
    };
  }

  private void createTopics(String... names) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String n : names) {
      topics.add(new NewTopic(n, PARTITIONS, (short) 1));
    }
    admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    // Wait until every partition has a leader, as the binding does before first use.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      boolean ready =
          admin
              .describeTopics(List.of(names))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .values()
              .stream()
              .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null));
      if (ready) {
        break;
      }
    }
    // A leader in the metadata may still refuse produce requests for a moment; an idempotent
    // producer that meets NOT_LEADER on a brand-new partition can then loop on
    // OUT_OF_ORDER_SEQUENCE_NUMBER. One confirmed empty probe per partition avoids both.
    for (String n : names) {
      for (int p = 0; p < PARTITIONS; p++) {
        producer.send(new ProducerRecord<>(n, p, null, new byte[0])).get(60, TimeUnit.SECONDS);
      }
    }
  }

  private KafkaProducer<byte[], byte[]> producer(int lingerMs) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    // Same batch size and delivery timeout as the binding: the comparison is of code, not tuning.
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static CompletableFuture<?> send(
      KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    producer.send(
        record,
        (meta, e) -> {
          if (e != null) {
            f.completeExceptionally(e);
          } else {
            f.complete(meta);
          }
        });
    return f;
  }

  /** A consumer thread: poll, hand each record over, commit asynchronously. */
  private final class Poller implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    Poller(
        String topic,
        BiConsumer<ConsumerRecord<byte[], byte[]>, KafkaConsumer<byte[], byte[]>> handler) {
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-" + topic);
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(topic));
      thread =
          new Thread(
              () -> {
                try {
                  while (running) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                      if (r.value().length == 0) {
                        continue; // a readiness probe
                      }
                      handler.accept(r, consumer);
                    }
                    if (!records.isEmpty()) {
                      consumer.commitAsync();
                    }
                  }
                } catch (WakeupException e) {
                  // closing
                } finally {
                  consumer.close();
                }
              },
              "raw-kafka-" + topic);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      running = false;
      consumer.wakeup();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
