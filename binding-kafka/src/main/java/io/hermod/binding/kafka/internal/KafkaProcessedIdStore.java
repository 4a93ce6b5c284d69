package io.hermod.binding.kafka.internal;

import io.hermod.spi.InboundDelivery;
import io.hermod.spi.ProcessedIdStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processed-id store of one inbound endpoint of an {@code EXACTLY_ONCE} channel, kept in a
 * compacted changelog topic of its consumer group, as Kafka Streams keeps its state stores.
 *
 * <p>The changelog has as many partitions as the source topic; the id of a message read from source
 * partition {@code p} is recorded in changelog partition {@code p} (key: the message id, value and
 * timestamp: when it was recorded). Whoever owns source partition {@code p} reads changelog
 * partition {@code p}, so the memory follows the partition from one instance to the next, across
 * restarts and crashes. A partition is restored (read from the first entry within the dedup window
 * to the end offset taken when the restore starts) the first time it is asked about in a new
 * assignment, which the {@link KafkaDelivery#assignmentEpoch() assignment epoch} tells: a partition
 * that moved away and came back is read again and sees what other instances recorded meanwhile.
 *
 * <p>Memory is bounded: entries older than the window are skipped on restore and dropped as new
 * ones arrive, and at most {@code maxPerPartition} ids are kept per partition, the oldest forgotten
 * first (with a WARN, since an id forgotten within the window can be handled again).
 *
 * <p>Thread-safe. {@link #isProcessed} may block for a restore (core calls it on its workers);
 * {@link #record} never blocks beyond the producer's own send.
 */
final class KafkaProcessedIdStore implements ProcessedIdStore {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaProcessedIdStore.class);

  /** The suffix of every changelog topic's name. */
  static final String SUFFIX = ".hermod-processed";

  /** Kafka's limit on a topic name's length. */
  static final int MAX_TOPIC_NAME = 249;

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final Duration POLL = Duration.ofMillis(100);

  private final String channel;
  private final String group;
  private final String changelog;
  private final Duration window;
  private final int maxPerPartition;
  private final Producer<byte[], byte[]> producer;
  private final LoneSendFlusher loneSends;
  private final Supplier<Consumer<byte[], byte[]>> restoreConsumers;
  private final Duration timeout;
  private final KafkaErrors errors;
  private final Clock clock;
  private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  // Guarded by restoring: one consumer reads the changelog, one partition at a time.
  private final ReentrantLock restoring = new ReentrantLock();
  private @Nullable Consumer<byte[], byte[]> restorer;

  KafkaProcessedIdStore(
      String channel,
      String group,
      String changelog,
      Duration window,
      int maxPerPartition,
      Producer<byte[], byte[]> producer,
      LoneSendFlusher loneSends,
      Supplier<Consumer<byte[], byte[]>> restoreConsumers,
      Duration timeout,
      KafkaErrors errors,
      Clock clock) {
    this.channel = channel;
    this.group = group;
    this.changelog = changelog;
    this.window = window;
    this.maxPerPartition = maxPerPartition;
    this.producer = producer;
    this.loneSends = loneSends;
    this.restoreConsumers = restoreConsumers;
    this.timeout = timeout;
    this.errors = errors;
    this.clock = clock;
  }

  /**
   * The changelog topic of a consumer group: {@code <group>.hermod-processed}, e.g. {@code
   * hermod.payments.hermod-processed} for the queue {@code payments}. A group whose name has
   * characters a topic name cannot have (a topic subscription's {@code '/'}), or that would make
   * the name longer than Kafka's 249 characters, is mapped to the legal characters, cut to fit, and
   * followed by {@code -} and the first 16 hex digits of its SHA-256, so that two groups never
   * share a changelog.
   *
   * @param group the consumer group
   * @return the topic name, legal for Kafka
   */
  static String topicName(String group) {
    if (LEGAL.matcher(group).matches() && group.length() + SUFFIX.length() <= MAX_TOPIC_NAME) {
      return group + SUFFIX;
    }
    String hash = "-" + sha256(group).substring(0, 16);
    String legal = group.replaceAll("[^a-zA-Z0-9._-]", "_");
    int room = MAX_TOPIC_NAME - SUFFIX.length() - hash.length();
    return legal.substring(0, Math.min(room, legal.length())) + hash + SUFFIX;
  }

  /** The changelog topic this store writes. */
  String changelog() {
    return changelog;
  }

  @Override
  public boolean isProcessed(InboundDelivery delivery) {
    KafkaDelivery d = kafka(delivery);
    Partition p = partition(d.partition());
    if (p.restoredEpoch < d.assignmentEpoch()) {
      restore(p, d.assignmentEpoch());
    }
    return p.contains(d.message().id(), clock.millis() - window.toMillis());
  }

  @Override
  public CompletionStage<Void> record(InboundDelivery delivery) {
    KafkaDelivery d = kafka(delivery);
    String id = d.message().id();
    long now = clock.millis();
    Partition p = partition(d.partition());
    CompletableFuture<Void> recorded = new CompletableFuture<>();
    boolean alone = loneSends.sending();
    try {
      producer.send(
          new ProducerRecord<>(
              changelog,
              d.partition(),
              now,
              id.getBytes(StandardCharsets.UTF_8),
              ByteBuffer.allocate(Long.BYTES).putLong(now).array()),
          (metadata, error) -> {
            loneSends.settled();
            if (error == null) {
              p.add(id, now, now - window.toMillis());
              recorded.complete(null);
            } else {
              recorded.completeExceptionally(
                  errors.translate(
                      error, channel, "recording message " + id + " as processed in " + changelog));
            }
          });
    } catch (RuntimeException e) {
      loneSends.settled();
      recorded.completeExceptionally(
          errors.translate(
              e, channel, "recording message " + id + " as processed in " + changelog));
    }
    if (alone) {
      // Core acks (and, on an ordered channel, releases the key) only once this completes.
      loneSends.flushSoon();
    }
    return recorded;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    restoring.lock();
    try {
      Consumer<byte[], byte[]> c = restorer;
      restorer = null;
      if (c != null) {
        c.close(CloseOptions.timeout(Duration.ofSeconds(2)));
      }
    } finally {
      restoring.unlock();
    }
    partitions.clear();
  }

  private KafkaDelivery kafka(InboundDelivery delivery) {
    if (delivery instanceof KafkaDelivery d) {
      return d;
    }
    throw new IllegalArgumentException(
        "the Kafka processed-id store of "
            + channel
            + " was given "
            + delivery.getClass().getName()
            + ", not a delivery of the Kafka binding: pass deliveries as the binding handed them over");
  }

  private Partition partition(int partition) {
    return partitions.computeIfAbsent(partition, Partition::new);
  }

  /**
   * Reads the partition's changelog from the first entry within the window to the end offset taken
   * now, unless a restore for this or a later assignment happened meanwhile.
   */
  private void restore(Partition p, int epoch) {
    restoring.lock();
    try {
      if (p.restoredEpoch >= epoch) {
        return;
      }
      if (closed.get()) {
        throw errors.translate(
            new IllegalStateException("the store is closed"), channel, "restoring processed ids");
      }
      long started = System.nanoTime();
      int read = readChangelog(p);
      p.restoredEpoch = epoch;
      LOG.debug(
          "restored {} processed ids of {} partition {} (group {}) from {} in {} ms",
          read,
          channel,
          p.number,
          group,
          changelog,
          (System.nanoTime() - started) / 1_000_000);
    } finally {
      restoring.unlock();
    }
  }

  /** Reads one changelog partition into memory; runs under {@link #restoring}. */
  private int readChangelog(Partition p) {
    TopicPartition tp = new TopicPartition(changelog, p.number);
    long cutoff = clock.millis() - window.toMillis();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Consumer<byte[], byte[]> c = restorer();
      c.assign(List.of(tp));
      long end = c.endOffsets(List.of(tp), timeout).getOrDefault(tp, 0L);
      OffsetAndTimestamp start = c.offsetsForTimes(Map.of(tp, cutoff), timeout).get(tp);
      if (start == null || start.offset() >= end) {
        return 0; // nothing recorded within the window
      }
      c.seek(tp, start.offset());
      int read = 0;
      while (c.position(tp, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new org.apache.kafka.common.errors.TimeoutException(
              "read to offset " + c.position(tp) + " of " + end + " within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
          if (r.offset() < end && r.key() != null && r.timestamp() >= cutoff) {
            p.add(new String(r.key(), StandardCharsets.UTF_8), r.timestamp(), cutoff);
            read++;
          }
        }
      }
      return read;
    } catch (RuntimeException e) {
      throw errors.translate(
          e,
          channel,
          "restoring the processed ids of partition "
              + p.number
              + " (group "
              + group
              + ") from topic "
              + changelog
              + "; the delivery is not handled until they can be read");
    } finally {
      Consumer<byte[], byte[]> c = restorer;
      if (c != null) {
        c.unsubscribe();
      }
    }
  }

  private Consumer<byte[], byte[]> restorer() {
    Consumer<byte[], byte[]> c = restorer;
    if (c == null) {
      c = restoreConsumers.get();
      restorer = c;
    }
    return c;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The ids remembered for one source partition, oldest first. */
  private final class Partition {

    final int number;

    /** The latest assignment epoch this partition was restored for. */
    volatile int restoredEpoch = Integer.MIN_VALUE;

    // Guarded by itself: id -> when it was recorded, in the order they were added.
    private final LinkedHashMap<String, Long> ids = new LinkedHashMap<>();
    private boolean warnedFull;

    Partition(int number) {
      this.number = number;
    }

    boolean contains(String id, long cutoff) {
      synchronized (ids) {
        Long at = ids.get(id);
        return at != null && at >= cutoff;
      }
    }

    /** Remembers an id (newest last), and forgets the expired and, over the limit, the oldest. */
    void add(String id, long at, long cutoff) {
      synchronized (ids) {
        Long known = ids.remove(id);
        ids.put(id, known == null ? at : Math.max(known, at));
        Iterator<Map.Entry<String, Long>> it = ids.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<String, Long> oldest = it.next();
          boolean full = ids.size() > maxPerPartition;
          if (oldest.getValue() >= cutoff && !full) {
            break;
          }
          if (full && oldest.getValue() >= cutoff && !warnedFull) {
            warnedFull = true;
            LOG.warn(
                "processed-id store of {} (group {}) holds {} ids for partition {}, its limit:"
                    + " older ids within the dedup window {} are forgotten and can be handled again;"
                    + " raise hermod.kafka.processed-ids.max-per-partition or shorten the window",
                channel,
                group,
                maxPerPartition,
                number,
                window);
          }
          it.remove();
        }
      }
    }
  }
}
