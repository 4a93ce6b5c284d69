package io.hermod.binding.rabbitmq.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import io.hermod.spi.SubscriptionSpec;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How Hermod channels are named on RabbitMQ, in one place: the queues a channel or subscription is
 * consumed from, the routing key a message is published with, and the binding keys of a topic
 * subscription.
 *
 * <ul>
 *   <li>A queue channel is the queue of its name on the default exchange; an ordered one is {@code
 *       partitions} queues {@code <name>:p<i>}, the key's partition chosen by the publisher.
 *   <li>A topic channel is the topic exchange of its name; a subscription is the queue {@code
 *       <topic>:<subscription>} bound with the subscription's routing pattern ({@code #} without
 *       one), so routing filters run on the broker. An ordered subscription is {@code partitions}
 *       queues {@code <topic>:<subscription>:p<i>}: the publisher prefixes the routing key with the
 *       partition's word {@code p<i>}, and queue {@code i} is bound with {@code p<i>.<pattern>}
 *       ({@code p<i>.#} without a pattern, which also matches a message without routing key).
 * </ul>
 *
 * Stateless.
 */
final class QueueNames {

  private QueueNames() {}

  /**
   * The queue a topic subscription consumes (unordered), or the stem of its partition queues.
   *
   * @param topic the topic channel's name
   * @param subscription the subscription's name
   * @return {@code <topic>:<subscription>}
   */
  static String subscriptionQueue(String topic, String subscription) {
    return topic + ":" + subscription;
  }

  /**
   * The queues one consumer of a channel or subscription reads: one, or one per partition.
   *
   * @param channel the channel
   * @param subscription the subscription (ignored for a queue channel)
   * @param partitions the partitions of an ordered channel
   * @return the queue names, never empty
   */
  static List<String> consumedQueues(
      ChannelSpec channel, @Nullable SubscriptionSpec subscription, int partitions) {
    String stem =
        channel.kind() == ChannelKind.TOPIC && subscription != null
            ? subscriptionQueue(channel.name(), subscription.name())
            : channel.name();
    if (!channel.ordered()) {
      return List.of(stem);
    }
    List<String> queues = new ArrayList<>(partitions);
    for (int i = 0; i < partitions; i++) {
      queues.add(partitionQueue(stem, i));
    }
    return queues;
  }

  static String partitionQueue(String stem, int partition) {
    return stem + ":p" + partition;
  }

  /**
   * The partition of an ordering key: a stable hash, so every publisher picks the same one.
   *
   * @param key the message's key, or {@code null} (partition 0)
   * @param partitions how many partitions there are
   * @return the partition, in {@code [0, partitions)}
   */
  static int partition(@Nullable String key, int partitions) {
    if (key == null) {
      return 0;
    }
    // String.hashCode is specified by the JLS, so every JVM computes the same partition.
    return Math.floorMod(key.hashCode(), partitions);
  }

  /**
   * The binding key of a topic subscription's queue.
   *
   * @param filter the subscription's filter
   * @param partition the partition, or {@code -1} for an unordered subscription
   * @return the binding key, never {@code null}
   */
  static String bindingKey(Filter filter, int partition) {
    String pattern = filter.routingPattern() == null ? "#" : filter.routingPattern();
    return partition < 0 ? pattern : "p" + partition + "." + pattern;
  }

  /**
   * The routing key a message is published with on a topic exchange.
   *
   * @param routingKey the message's routing key, or {@code null}
   * @param partition the partition, or {@code -1} on an unordered topic
   * @return the AMQP routing key, never {@code null}
   */
  static String topicRoutingKey(@Nullable String routingKey, int partition) {
    if (partition < 0) {
      return routingKey == null ? "" : routingKey;
    }
    return routingKey == null ? "p" + partition : "p" + partition + "." + routingKey;
  }
}
