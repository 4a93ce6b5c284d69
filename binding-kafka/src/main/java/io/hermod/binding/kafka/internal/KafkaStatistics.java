package io.hermod.binding.kafka.internal;

import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConnectionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jspecify.annotations.Nullable;

/**
 * What the brokers tell about a subscription's backlog: the lag of its consumer group, from a
 * separate admin client of its own (created on first use, closed with the binding), within {@link
 * #TIMEOUT}. Per partition of the channel's topic, with {@code begin} and {@code end} the first and
 * next offsets a {@code read_committed} consumer sees and {@code committed} the group's offset:
 *
 * <ul>
 *   <li><b>waiting</b> = the sum of {@code end - max(committed, begin)}. A partition without a
 *       committed offset counts from {@code begin}: every group of the binding reads such a
 *       partition from the earliest retained record ({@code auto.offset.reset=earliest}), and a
 *       {@code LATEST} subscription has its offsets pinned when it is provisioned, so it has none.
 *       Redelivery copies meant for another subscription of the topic count until its consumer
 *       skips them.
 *   <li><b>enqueued</b> = the sum of {@code end}: the records ever appended to the topic (also
 *       those retention has deleted since), a counter whose rate is the rate in.
 *   <li><b>acknowledged</b> = the sum of {@code committed}: a counter whose rate is the rate out
 *       (for a {@code LATEST} subscription it starts at the offsets it was pinned to).
 *   <li><b>in flight</b>: unknown, Kafka does not know what consumers hold.
 * </ul>
 *
 * <p>A share group (an unordered queue where share groups are used) has no committed offsets but a
 * start offset per partition, before which every record is settled: waiting is counted from it, so
 * it includes records delivered and not yet acknowledged; acknowledged and in flight are unknown.
 *
 * <p>Thread-safe; one call at a time, so that the admin client's request count is the call's.
 */
final class KafkaStatistics implements AutoCloseable {

  /** The longest a statistics call takes before it fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Supplier<Admin> factory;
  private final KafkaErrors errors;
  private final KafkaTraffic traffic;
  private final BooleanSupplier closed;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable Admin admin; // guarded by lock

  KafkaStatistics(
      Supplier<Admin> factory, KafkaErrors errors, KafkaTraffic traffic, BooleanSupplier closed) {
    this.factory = factory;
    this.errors = errors;
    this.traffic = traffic;
    this.closed = closed;
  }

  /**
   * The statistics of a group on a topic.
   *
   * @param topic the channel's topic
   * @param group the consumer group (or share group)
   * @param shareGroup whether it is a share group
   * @return the statistics
   * @throws io.hermod.api.MessagingException within {@link #TIMEOUT} if the brokers do not answer
   */
  ChannelStatistics of(String topic, String group, boolean shareGroup) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String what = "reading the statistics of group '" + group + "' on topic '" + topic + "'";
    try {
      if (!lock.tryLock(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw errors.translate(
            new java.util.concurrent.TimeoutException("another statistics call is still running"),
            topic,
            what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, topic, what);
    }
    try {
      if (closed.getAsBoolean()) {
        throw new ConnectionException(
            KafkaBindingProvider.NAME, topic, "the Kafka binding is closed", null);
      }
      Admin a = admin;
      if (a == null) {
        a = factory.get();
        admin = a;
      }
      double before = requests(a);
      try {
        return read(a, topic, group, shareGroup, deadline);
      } finally {
        traffic.other(topic, (int) Math.round(requests(a) - before));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, topic, what);
    } catch (Exception e) {
      throw errors.translate(e, topic, what);
    } finally {
      lock.unlock();
    }
  }

  private static ChannelStatistics read(
      Admin a, String topic, String group, boolean shareGroup, long deadline) throws Exception {
    TopicDescription description =
        a.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(millis(deadline)))
            .allTopicNames()
            .get(millis(deadline), TimeUnit.MILLISECONDS)
            .get(topic);
    List<TopicPartition> partitions =
        description.partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition tp : partitions) {
      earliest.put(tp, OffsetSpec.earliest());
      latest.put(tp, OffsetSpec.latest());
    }
    // The three asked at once; each bounded by what is left of the deadline.
    KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> begins =
        a.listOffsets(earliest, offsetOptions(deadline)).all();
    KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> ends =
        a.listOffsets(latest, offsetOptions(deadline)).all();
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> positions =
        shareGroup
            ? a.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(partitions)),
                    new ListShareGroupOffsetsOptions().timeoutMs(millis(deadline)))
                .partitionsToOffsetAndMetadata(group)
            : a.listConsumerGroupOffsets(
                    group, new ListConsumerGroupOffsetsOptions().timeoutMs(millis(deadline)))
                .partitionsToOffsetAndMetadata();
    Map<TopicPartition, ListOffsetsResultInfo> begin =
        begins.get(millis(deadline), TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> end =
        ends.get(millis(deadline), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = positions.get(millis(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
      committed = Map.of(); // a share group nobody has joined yet
    }
    long waiting = 0;
    long enqueued = 0;
    long acknowledged = 0;
    for (TopicPartition tp : partitions) {
      long b = begin.get(tp).offset();
      long e = end.get(tp).offset();
      OffsetAndMetadata c = committed.get(tp);
      long position = c == null || c.offset() < 0 ? b : Math.max(c.offset(), b);
      waiting += Math.max(0, e - position);
      enqueued += e;
      acknowledged += c == null || c.offset() < 0 ? 0 : c.offset();
    }
    ChannelStatistics s = ChannelStatistics.unknown().withWaiting(waiting).withEnqueued(enqueued);
    return shareGroup ? s : s.withAcknowledged(acknowledged);
  }

  private static ListOffsetsOptions offsetOptions(long deadline) {
    return new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(millis(deadline));
  }

  /** What is left until the deadline, at least 1 ms (0 would mean the client's default). */
  private static int millis(long deadline) {
    return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** The requests the admin client has sent so far. */
  private static double requests(Admin a) {
    for (Map.Entry<MetricName, ? extends Metric> e : a.metrics().entrySet()) {
      if (e.getKey().name().equals("request-total")
          && e.getKey().group().equals("admin-client-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        return n.doubleValue();
      }
    }
    return 0;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      Admin a = admin;
      admin = null;
      if (a != null) {
        a.close(Duration.ofSeconds(1));
      }
    } finally {
      lock.unlock();
    }
  }
}
