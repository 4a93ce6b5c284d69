package io.hermod.spi;

import io.hermod.api.Capabilities;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Health;
import java.util.Optional;

/**
 * One connection (or connection pool) to a broker, shared by every channel of a {@code Messaging}
 * instance. Must be thread-safe.
 *
 * <p>Lifecycle: created by {@link BindingProvider#create}, {@link #start()}ed once, used, then
 * {@link #close()}d once. After a lost connection the binding reconnects by itself; sends fail
 * (within the send timeout) while it is down.
 *
 * @since 0.1
 */
public interface Binding extends AutoCloseable {

  /**
   * What this binding can do. Constant over its life.
   *
   * @return the capabilities, never {@code null}
   */
  Capabilities capabilities();

  /**
   * Connects and verifies the credentials, within the connect timeout.
   *
   * @throws io.hermod.api.AuthenticationException if the broker refuses the credentials
   * @throws io.hermod.api.ConnectionException if the broker cannot be reached
   */
  void start();

  /**
   * Creates the channel on the broker if it does not exist (idempotent). For a topic this creates
   * the topic only; subscriptions are provisioned separately. Core declares dead-letter channels
   * ({@code <name>.dlq}) as queues through this method too.
   *
   * @param channel the declaration
   */
  void provision(ChannelSpec channel);

  /**
   * Creates a topic subscription so that it retains every message published from now on, even while
   * no instance consumes (idempotent). Not called for queues.
   *
   * @param channel the topic
   * @param subscription the subscription
   */
  void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription);

  /**
   * Removes a temporary channel, such as an RPC reply queue, that nothing uses any more. The
   * default does nothing.
   *
   * @param channel the channel
   */
  default void decommission(ChannelSpec channel) {}

  /**
   * An endpoint that sends to a provisioned channel.
   *
   * @param channel the channel
   * @return the outbound endpoint, never {@code null}
   */
  Outbound outbound(ChannelSpec channel);

  /**
   * Starts consuming a provisioned channel (and, for a topic, a provisioned subscription).
   *
   * @param channel the channel
   * @param subscription the subscription
   * @param handler receives every delivery
   * @return the running inbound endpoint, never {@code null}
   */
  Inbound inbound(ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler);

  /**
   * The shared, durable memory of processed message ids for an inbound endpoint of an {@link
   * io.hermod.api.DeliveryGuarantee#EXACTLY_ONCE} channel, or empty if core's in-process memory is
   * all there is to know: a broker whose every consumer lives in one process (the in-memory
   * binding), or one whose settlements and send deduplication already leave nothing for a store to
   * catch. Core calls this once per endpoint, before {@link #inbound}, and closes the store after
   * the endpoint. The default is empty.
   *
   * @param channel the channel
   * @param subscription the subscription
   * @return the store, or empty
   * @since 0.2
   */
  default Optional<ProcessedIdStore> processedIdStore(
      ChannelSpec channel, SubscriptionSpec subscription) {
    return Optional.empty();
  }

  /**
   * A session that browses a queue without consuming it and removes chosen messages, or empty if
   * the broker cannot do that; core then refuses {@code Messaging.deadLetters} operations on this
   * binding with an {@link io.hermod.api.UnsupportedCapabilityException}. Core calls it for
   * dead-letter queues ({@code <channel>.dlq}), which it provisioned. The default is empty.
   *
   * @param queue the queue, provisioned
   * @return a new session, or empty
   * @since 0.5
   */
  default Optional<QueueInspection> inspect(ChannelSpec queue) {
    return Optional.empty();
  }

  /**
   * The messaging system as OpenTelemetry's semantic conventions name it ({@code
   * messaging.system}): {@code kafka}, {@code activemq}, {@code aws_sqs}, {@code rabbitmq}, ... The
   * default is the binding's name.
   *
   * @param bindingName the binding's name
   * @return the system name, never {@code null}
   * @since 0.3
   */
  default String messagingSystem(String bindingName) {
    return bindingName;
  }

  /**
   * What the broker can tell now about the queue a subscription consumes: its backlog (Kafka
   * consumer lag, SQS {@code ApproximateNumberOfMessages}, Artemis message count), in-flight
   * messages and counters. Figures the broker cannot tell stay unknown, never zero. Called from
   * metrics polls and {@code hermod stats}, at most about once a second per subscription; must
   * answer within a second or two and never hang on a dead broker (throwing is fine). The default
   * knows nothing.
   *
   * @param channel the channel
   * @param subscription the subscription (for a queue, the competing consumers' name)
   * @return the statistics, never {@code null}
   * @since 0.3
   */
  default ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
    return ChannelStatistics.unknown();
  }

  /**
   * Whether the broker is reachable now. Must answer within a second or two, without blocking on a
   * dead broker.
   *
   * @return the health, never {@code null}
   */
  Health health();

  /** Releases every connection and thread. Idempotent. */
  @Override
  void close();
}
